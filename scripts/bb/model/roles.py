"""The catalogue's names that the scripts single out, each typed once, here, with why.

Every list of modes, sizes, states, patterns, suites, variants, forms, events and allocators comes
from the runner's catalogue (catalogue.py) or the build (the runners present); these are the few
values a default, a table's breakdown or a plot is about. The claims' own coordinates live with
each claim (analysis/claims/), the suites' names in their registry (suites.py).
tests/fast/test_facts.py checks that every name here is in the runner's catalogue, and that no
other module types a catalogue name as a literal."""

# Suites.
MATRIX = "matrix"    # The suite whose units the selection options pick.
HARNESS = "harness"  # The harness's empty loop: measured beside everything, chosen by no option.
TREE = "tree"        # The deep-tree port: its interleaved set's figures (C2).
EVENTLOOP = "eventloop"  # The event-loop port: its interleaved sets' figures (C3, C6, C8).
NET = "net"          # The loopback round trip (C5).

# The harness's controls (bench/unit_harness.c) the claims' figures are bound to: what a syscall,
# a small malloc and free and a predicted indirect call cost on the machine that ran.
SYSCALL = "syscall"
MALLOC_FREE = "malloc-free-64"
INDIRECT_CALL = "indirect-call"

# Modes. INLINE is the catalogue's baseline_mode; the others split box's cost apart.
INLINE = "inline"          # Native async fn: what every overhead is measured against.
BOX = "box"                # #[async_trait], the future moved into its box: what boxbench is about.
DYN = "dyn"                # A vtable call without a box: box's dispatch alone.
INPLACE = "box-inplace"    # #[async_trait], the future built in its box: box without the move.
MOVED = "native-moved"     # Native with each child moved in: where box and moving meet.
ALLOC = "alloc"            # The allocator alone: what box's malloc and free cost at the size.

# Languages of the matrix's units: the C emulation, and the Rust it emulates (bench/rust).
C = "c"
RUST = "rust"

# States and patterns.
WARM = "warm"        # Calls back to back: the state every default and plot starts from.
PENDING = "pending"  # Suspends once, as a real async call waiting on I/O does: the default.
READY = "ready"      # Ready at its first poll: what a message handled at once or a cache hit does.
COLD = ("cache-cold", "heap-cold")  # The cold states the quick plan keeps (claim C7's).

# Allocators. Rust's System allocator on Linux calls glibc's malloc: a command's runner when none
# is named, and the allocator a claim's figure is taken on when a set ran on several.
DEFAULT_ALLOCATOR = "glibc"
JEMALLOC = "jemalloc"  # C11's source measured glibc and jemalloc.
MIMALLOC = "mimalloc"  # With the two above, reproduce's allocators: the common choices.

# The event-loop variants the original (jkarneges/rust-async-bench) has without syscalls, whose
# instructions `boxbench crosscheck` counts on both sides (a syscall's are the kernel's, which
# callgrind does not see); and the comparisons its README makes, numerator first, which
# crosscheck times on both sides.
ORIGINAL_VARIANTS = ("manual", "nonbox", "callerbox", "large+nonbox", "box", "box+callerbox",
                     "large+box", "box+rc", "box+chkrc", "box+arc")
ORIGINAL_PAIRS = (("box+syscalls", "nonbox+syscalls"), ("nonbox+syscalls", "manual+syscalls"),
                  ("box+rc+syscalls", "box+arc+syscalls"), ("box", "nonbox"),
                  ("nonbox", "manual"), ("box+rc", "box+arc"), ("large+nonbox", "nonbox"),
                  ("large+box", "large+nonbox"), ("callerbox", "nonbox"))
