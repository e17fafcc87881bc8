"""claimscope: who claims what happened, to whom, where and when."""

from claimscope.config import Settings
from claimscope.document import SCHEMA_VERSION, Document
from claimscope.pipeline import Analyzer

__all__ = ["SCHEMA_VERSION", "Analyzer", "Document", "Settings"]
__version__ = "0.1.0"
