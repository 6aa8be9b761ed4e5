"""`boxbench advise`: your futures' sizes against a measured folder."""
import json
import os

from .. import UsageError
from ..analysis import advise as advising
from ..model import roles
from . import common
from ..measuring.runner import catalogue_of


def add(sub, describe):
    """advise's options."""
    adv = common.command(
        sub, "advise", "your futures' sizes and call rate against a measured folder",
        description="What boxing your futures costs, from a measured folder: per future, the "
                    "overhead of boxing it per call with its 95% interval over runner "
                    "processes (measured, or interpolated linearly in size between the two "
                    "measured sizes around it, the interval widened by how far interpolation "
                    "missed those sizes from their own neighbours: --check shows it), its share "
                    "of one core at --rate, what each way around the box a Rust user can "
                    "choose (stackfuture, ReusableBoxFuture, an arena, native async fn) would "
                    "cost instead where the folder measured it, and the size thresholds of "
                    "tokio, tokio-console and clippy it crosses. Sizes outside the measured ones "
                    "are refused, never extrapolated. A folder kept with its tables only (such "
                    "as results/reference) is read from its summary.csv, and said so.")
    adv.add_argument("futures", metavar="SIZES|FILE", nargs="?",
                     help="future sizes (64,1K,16K), or a file of rustc's -Zprint-type-sizes "
                          "output (RUSTC_BOOTSTRAP=1 rustc -Zprint-type-sizes ...), from which "
                          "the async fn and async block bodies are taken")
    adv.add_argument("--rate", type=common.positive("rate", float),
                     help="calls per second (required with sizes)")
    adv.add_argument("--depth", type=common.positive("depth", int), default=1,
                     help="async calls per top-level call (default %(default)s)")
    adv.add_argument("--allocator", help="the folder's allocator (default: its first)")
    adv.add_argument("--state", default=roles.WARM, help="allocator state (default %(default)s)")
    adv.add_argument("--pattern", default=roles.PENDING, help="poll pattern (default %(default)s)")
    adv.add_argument("--lang", choices=(roles.C, roles.RUST), default=roles.C,
                     help="whose figures: the C emulation's (default), or real Rust's "
                          "(#[async_trait] over a native async fn, bench/rust), where the folder "
                          "measured it (`boxbench run --lang c,rust`)")
    adv.add_argument("--from", dest="source", metavar="RESULTS_DIR",
                     help="the measured folder (default: the newest in results/)")
    adv.add_argument("--check", action="store_true",
                     help="instead of advice: predict each measured box size from its "
                          "neighbours alone and show whether the measured value falls inside")
    adv.add_argument("--json", action="store_true",
                     help="print the advice per future as JSON instead of in words (box: the "
                          "overhead in ns, its interval and how it was had)")


def run(args):
    if args.check == (args.futures is not None):
        raise UsageError("advise takes future sizes (with --rate) or --check: one of the two")
    if args.futures is not None and args.rate is None:
        raise UsageError("advise needs --rate, the calls per second")
    futures = advising.futures_of(args.futures) if args.futures else None
    folder = args.source or advising.latest(os.path.join(common.ROOT, "results"))
    try:
        cat = catalogue_of(common.runner(roles.DEFAULT_ALLOCATOR, args.build_dir))
    except UsageError:
        cat = None  # The folder's own catalogue, where it has one, serves.
    measured = advising.Measured(folder, args.allocator, args.state, args.pattern, args.depth, cat,
                                 args.lang)
    if args.check:
        print(advising.check_report(measured))
        return 0
    rows = advising.advise(futures, measured, args.rate)
    if args.json:
        print(json.dumps({"folder": measured.folder, "allocator": measured.allocator,
                          "notes": measured.notes, "futures": advising.as_json(rows)}, indent=1,
                         default=str))
    else:
        print(advising.report(rows, measured, args.rate, args.depth, args.pattern, args.state))
    return 0
