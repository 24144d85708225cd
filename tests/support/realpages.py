"""Where the real saved government pages live: ../shared/realpages beside the repository."""
from pathlib import Path

REALPAGES = Path(__file__).resolve().parents[3] / "shared" / "realpages"


def real_page(name: str) -> Path:
    path = REALPAGES / name
    if not path.is_file():
        raise FileNotFoundError(f"real page {name} not found: the repository expects "
                                f"../shared/realpages beside it ({REALPAGES})")
    return path
