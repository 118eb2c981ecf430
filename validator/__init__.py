"""cablelint: classification-marking validator for US diplomatic cables."""

__version__ = "0.1.0"
