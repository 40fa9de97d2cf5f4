"""Backups in the GUI: the 备份与恢复 dialog and the start-up 数据文件检查 dialog that restores a good backup."""
