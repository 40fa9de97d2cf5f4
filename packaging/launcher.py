"""Entry script of the frozen build (PyInstaller needs a file, not a console-script entry point)."""

from jiaomei_desktop.app import main

if __name__ == "__main__":
    raise SystemExit(main())
