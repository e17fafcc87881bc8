"""`python -m claimscope`: the command line."""

from claimscope.cli import main

main()
