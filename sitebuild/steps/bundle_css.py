"""Build step: the site's own stylesheets, served as one file.

On a slow link every stylesheet in <head> is a round trip before the first
paint. The sources stay one concern per file under docs/stylesheets/; the
pages link one bundle of them, in the order mkdocs.yml lists them, named by a
hash of its content so a browser may cache it for as long as it likes.
"""

import hashlib
import re
from pathlib import Path
from typing import NamedTuple

FOLDER = "stylesheets"


class Bundle(NamedTuple):
    uri: str   # where the site serves it, like "stylesheets/site.1a2b3c4d5e.css"
    text: str


def bundle(docs_dir, uris):
    """One stylesheet from the docs_dir-relative stylesheets `uris`, in order."""
    parts = []
    for uri in uris:
        if Path(uri).parent.as_posix() != FOLDER:
            raise ValueError(f"{uri}: the bundle holds stylesheets/*.css only (url()s would move)")
        if re.search(r"\burl\(\s*['\"]?(?!data:|#)", (Path(docs_dir) / uri).read_text(encoding="utf-8")):
            raise ValueError(f"{uri}: a url() in a bundled stylesheet needs checking by hand")
        parts.append(f"/* {uri} */\n" + (Path(docs_dir) / uri).read_text(encoding="utf-8").strip() + "\n")
    text = "\n".join(parts)
    return Bundle(f"{FOLDER}/site.{hashlib.sha256(text.encode()).hexdigest()[:10]}.css", text)
