"""What surrounds the tabs: the 工具 menu and its wiring to a main window (`attach`), one window per store, reopening
the store in-process, unsaved-edit guards and drafts, remembered column layouts, Qt's own translations, and the
`--self-check` of a build."""
