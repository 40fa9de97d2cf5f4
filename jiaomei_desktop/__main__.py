from jiaomei_desktop.app import main

raise SystemExit(main())
