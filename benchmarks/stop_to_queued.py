"""Stop → package queued (SPEC §3: ≤ 2 s): the time from the end of a take to "queued" in the outbox.

    .venv/bin/python benchmarks/stop_to_queued.py [--runs 3]

Each run records a 15 s demo take, then times what the operator waits for after it stops: the MP4
and stills (the recorder's own stop → stills time), building the package (checks, PDF, manifest,
hashes) and putting it in the outbox (mail built once to .eml, fsync, SQLite row). Also reports the
package and video sizes against the mail budget (SPEC §3: video ≤ 12 MB for 15 s, package ≤ 18 MB).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk import config
from kiosk.outbox import Outbox
from kiosk.package import Consent, Contact, build_package
from kiosk.recording.studio import Studio

CONTACT = Contact(name="王小明", organisation="高雄市政府社會局", title="科員", phone="07-7771234",
                  email="wang@example.org.tw")


def one_run(settings: config.Settings) -> dict:
    with Studio.open("demo", "demo", settings) as studio:
        take = studio.record(max_seconds=15).result()
    consent = Consent(county="高雄市", contact=CONTACT, authorised=True, signed_by=CONTACT.name).validated()
    started = time.perf_counter()
    package = build_package(take, consent, settings=settings)
    built = time.perf_counter()
    Outbox().enqueue(package.id, settings)
    queued = time.perf_counter()
    stop_to_stills = take.meta["timings"]["stop_to_stills_s"]
    return {
        "stop_to_mp4": take.meta["timings"]["stop_to_mp4_s"], "stop_to_stills": stop_to_stills,
        "package": built - started, "enqueue": queued - built,
        "stop_to_queued": stop_to_stills + (queued - started),
        "video_mb": take.video_path.stat().st_size / 1e6, "package_mb": package.total_bytes / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ivy-bench-") as tmp:
        os.environ["IVY_KIOSK_HOME"] = str(Path(tmp) / "home")
        settings = config.Settings()
        settings.contact = config.ContactSettings(**vars(CONTACT))
        runs = [one_run(settings) for _ in range(args.runs)]
    print(f"{'run':>3} {'stop→mp4':>8} {'stop→stills':>11} {'package':>7} {'enqueue':>7} {'stop→queued':>11} "
          f"{'video MB':>8} {'package MB':>10}")
    for i, r in enumerate(runs, 1):
        print(f"{i:>3} {r['stop_to_mp4']:>8.3f} {r['stop_to_stills']:>11.3f} {r['package']:>7.3f} "
              f"{r['enqueue']:>7.3f} {r['stop_to_queued']:>11.3f} {r['video_mb']:>8.2f} {r['package_mb']:>10.2f}")
    print("targets: stop→mp4 ≤ 0.5 s, stop→queued ≤ 2 s, video ≤ 12 MB, package ≤ 18 MB")


if __name__ == "__main__":
    main()
