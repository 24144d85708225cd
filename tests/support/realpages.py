"""Where the real saved government pages live: shared/realpages in the nearest folder above
the repository that has one (../shared beside a checkout, ../../shared beside a work tree)."""
from pathlib import Path


def _find() -> Path:
    here = Path(__file__).resolve()
    for folder in here.parents[2:]:
        candidate = folder / "shared" / "realpages"
        if candidate.is_dir():
            return candidate
    return here.parents[3] / "shared" / "realpages"


REALPAGES = _find()


def real_page(name: str) -> Path:
    path = REALPAGES / name
    if not path.is_file():
        raise FileNotFoundError(f"real page {name} not found: the repository expects "
                                f"../shared/realpages beside it ({REALPAGES})")
    return path
