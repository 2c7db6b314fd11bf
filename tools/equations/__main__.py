"""`python tools/equations --write-ledger`: rewrite docs/measured/checked-equations.md."""

import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
if Path(sys.path[0]).resolve() == PACKAGE:  # run as a directory: import from tools/, not from inside the package
    sys.path[0] = str(PACKAGE.parent)
sys.path.insert(1, str(PACKAGE.parent.parent / "sitebuild"))  # sources.py, the reader of the pages
import equations  # noqa: E402

if __name__ == "__main__":
    if "--write-ledger" in sys.argv:
        path = equations.write_ledger()
        print(f"wrote {path.relative_to(equations.ROOT)}")
