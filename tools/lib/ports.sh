# tools/lib/ports.sh: ports for the tools' private servers (sourced, bash,
# by common.sh).  Every server listens on 127.0.0.1 only.

# Is 127.0.0.1:PORT free to listen on?
port_free() {
    perl -MIO::Socket::INET -e 'exit !IO::Socket::INET->new(LocalAddr => "127.0.0.1",
        LocalPort => $ARGV[0], Proto => "tcp", ReuseAddr => 1, Listen => 1)' "$1"
}

# alloc_port: the next free port into PORT, from a random start, never
# the same one twice in one run.
next_port=$((20000 + RANDOM % 20000))
alloc_port() {
    while ! port_free "$next_port"; do next_port=$((next_port + 1)); done
    PORT=$next_port
    next_port=$((next_port + 1))
}

# Does something listen on 127.0.0.1:PORT (or any address) yet?
listening() {
    grep -q ":$(printf '%04X' "$1") 00000000:0000 0A" /proc/net/tcp 2>/dev/null
}
