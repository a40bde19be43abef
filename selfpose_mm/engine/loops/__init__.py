"""Runner loops."""
from .test_time_adapt_loop import TestTimeAdaptLoop

__all__ = ['TestTimeAdaptLoop']
