"""`python -m sitebuild.checker --write-ledger`: rewrite docs/measured/checked-equations.md
and its summary, docs/measured/checked-summary.md."""

import sys

from sitebuild import checker

if __name__ == "__main__":
    if "--write-ledger" in sys.argv:
        path = checker.write_ledger()
        print(f"wrote {path.relative_to(checker.ROOT)}")
