"""Resource package: cable.lark ships here as validator.grammar (see pyproject.toml)."""
