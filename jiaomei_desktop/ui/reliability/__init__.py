"""Field reliability in the GUI: one window per store, backups and restore, start-up password and idle lock,
unsaved-edit guards and drafts, remembered layouts, the About dialog. `attach(window, ctx)` wires it to a window."""
