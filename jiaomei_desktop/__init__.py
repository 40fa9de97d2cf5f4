"""jiaomei_desktop: offline party-building desktop for the branches of a coal group."""

__version__ = "0.1.0"
