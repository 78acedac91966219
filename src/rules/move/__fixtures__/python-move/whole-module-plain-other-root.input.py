# `import a.b.legacy` whose first name is also used for other modules, the canonical module under another first
# name: the legacy uses are rewritten; the import must stay (`import x.canonical` would not bind `a`): reported.
import legacy_pkg.manager

manager = legacy_pkg.manager.WebSocketManager()
settings = legacy_pkg.config.settings
