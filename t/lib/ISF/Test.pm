package ISF::Test;

# ISF::Test: helpers for mod_isapi_filter's Apache::Test suite.
#
#   use lib 't/lib';   # t/TEST already puts t/lib on @INC
#   use ISF::Test qw(raw_request parse_responses httpd_configtest httpd_start);
#
# Raw sockets: for exact bytes on the wire (pipelining, malformed requests,
# READ_RAW_DATA / SEND_RAW_DATA), where LWP would tidy things up.
#
#   my $raw = raw_request(module => 'isf_plain',
#                         data => "GET / HTTP/1.1\r\nHost: x\r\n\r\n" x 2);
#   my @res = parse_responses($raw);        # ({status => 200, ...}, ...)
#   $raw = raw_request(module => 'isf_x', chunks => ["GE", "T / HTTP/1.0\r\n\r\n"],
#                      pause => 0.2);       # one write per chunk
#
# Throwaway servers: for configurations the main test server must not
# carry (global filters, start-up refusals).  Each gets its own directory
# t/logs/throwaway/NAME/ with a config, a pid file and an error_log.
#
#   my $r = httpd_configtest('ISAPIFilter filters/missing.so');
#   # $r->{status} (exit code), $r->{output} (stdout + stderr), $r->{conf},
#   # $r->{pid} (of the apache2 -t process)
#   my $s = httpd_start('ISAPIFilter filters/tag_response.so');
#   # $s->{status}, $s->{output}, $s->{error_log}, $s->{started}; the
#   # server is stopped again unless keep => 1, then $s->{port} and
#   # $s->{stop}->() (called automatically at exit if forgotten);
#   # $s->{start_pid} and, once stopped, $s->{stop_pid}: the pids of the
#   # `-k start` and `-k stop` processes.
#   my ($st, $out) = httpd_signal($s, 'graceful');   # -k graceful,
#   # graceful-stop, restart ...: the same -d and -f as httpd_start used

use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use File::Path ();
use File::Spec::Functions qw(catfile catdir);
use IO::Select ();
use IO::Socket::INET ();
use Time::HiRes ();
use POSIX ();

use Apache::Test ();
use Apache::TestRequest ();
use ISF::Hostile ();

our @EXPORT_OK = qw(raw_request raw_connect read_response_bytes
                    read_into final_complete
                    parse_responses httpd_configtest httpd_start
                    throwaway_conf free_port httpd_signal run_tool
                    stop_crashes self_signed);

use constant DEFAULT_TIMEOUT => 5;

# ---- Raw sockets -----------------------------------------------------------

# The port of a scenario (<VirtualHost isf_NAME>) or of the main server.
sub module_port {
    my $module = shift;
    my $cfg = Apache::Test::config();
    if (defined $module and $module ne 'default') {
        my $vh = $cfg->{vhosts}->{$module}
            or die "ISF::Test: no <VirtualHost $module> in t/conf/*.conf.in\n";
        return $vh->{port};
    }
    return $cfg->{vars}->{port};
}

# A connected socket to 127.0.0.1 (TLS when the scenario name contains
# "ssl", as Apache::TestRequest::vhost_socket does).  %opt: module, port.
sub raw_connect {
    my %opt = @_;
    my $port = $opt{port} || module_port($opt{module});
    my %args = (PeerAddr => '127.0.0.1', PeerPort => $port,
                Timeout => $opt{timeout} || DEFAULT_TIMEOUT);
    if (defined $opt{module} and $opt{module} =~ /ssl/) {
        require IO::Socket::SSL;
        my $sock = IO::Socket::SSL->new(%args, SSL_verify_mode => 0,
                                        SSL_hostname => 'localhost')
            or die "ISF::Test: TLS connect to port $port: "
                 . IO::Socket::SSL::errstr() . "\n";
        return $sock;
    }
    my $sock = IO::Socket::INET->new(%args)
        or die "ISF::Test: connect to 127.0.0.1:$port: $@\n";
    $sock->autoflush(1);
    return $sock;
}

# Everything the peer sends until it closes, or until nothing arrived for
# $timeout seconds.  In list context also { closed => 1|0, timed_out => 1|0 }.
sub read_response_bytes {
    my ($sock, $timeout) = @_;
    $timeout ||= DEFAULT_TIMEOUT;
    my ($buf, %info) = ('', closed => 0, timed_out => 0);
    my $sel = IO::Select->new($sock);
    while (1) {
        # TLS may hold decrypted bytes that select() cannot see.
        my $ready = ($sock->can('pending') && $sock->pending)
                    || $sel->can_read($timeout);
        unless ($ready) {
            $info{timed_out} = 1;
            last;
        }
        my $n = sysread($sock, my $chunk, 65536);
        if (!defined $n) {
            next if $!{EAGAIN} || $!{EINTR} || $!{EWOULDBLOCK};
            $info{closed} = 1;   # ECONNRESET and the like
            last;
        }
        if ($n == 0) {
            $info{closed} = 1;
            last;
        }
        $buf .= $chunk;
    }
    return wantarray ? ($buf, \%info) : $buf;
}

# Send exact bytes and return the whole answer (see read_response_bytes).
#   module => 'isf_NAME' | port => N      where to (default: main server)
#   data => $bytes | chunks => [...]      what; one write per chunk
#   pause => $seconds                     between chunks (default 0.1)
#   shutdown => 1                         half-close after sending
#   timeout => $seconds                   idle read timeout (default 5)
sub raw_request {
    my %opt = @_;
    my @chunks = exists $opt{chunks} ? @{ $opt{chunks} } : ($opt{data});
    die "ISF::Test::raw_request: data or chunks needed\n"
        unless @chunks and defined $chunks[0];
    my $sock = raw_connect(%opt);
    my $pause = defined $opt{pause} ? $opt{pause} : 0.1;
    for my $i (0 .. $#chunks) {
        Time::HiRes::sleep($pause) if $i and $pause;
        my $data = $chunks[$i];
        while (length $data) {
            my $n = syswrite($sock, $data);
            last unless defined $n;   # peer closed early: read what it said
            substr($data, 0, $n, '');
        }
    }
    $sock->shutdown(1) if $opt{shutdown} and $sock->isa('IO::Socket::INET')
                                         and !$sock->isa('IO::Socket::SSL');
    my ($buf, $info) = read_response_bytes($sock, $opt{timeout});
    close $sock;
    return wantarray ? ($buf, $info) : $buf;
}

# Split a byte stream of HTTP/1.x responses (pipelined or not) into
#   { proto, status, reason, headers => {lc name => value, repeats joined
#     with ", "}, header_list => [[Name, value], ...], body, raw }
# Bodies are framed by chunked encoding, Content-Length, or the end of the
# stream; 1xx, 204, 304 and responses to HEAD have none.  %opt:
#   methods => ['GET', 'HEAD', ...]   request methods in order (for HEAD)
# A trailing incomplete response is returned with incomplete => 1.
sub parse_responses {
    my ($raw, %opt) = @_;
    my @methods = @{ $opt{methods} || [] };
    my @out;
    while (length $raw) {
        my $end = index($raw, "\r\n\r\n");
        my $sep = 4;
        if ($end < 0) {
            $end = index($raw, "\n\n");
            $sep = 2;
        }
        if ($end < 0) {
            push @out, { raw => $raw, incomplete => 1, body => '',
                         headers => {}, header_list => [] };
            last;
        }
        my $head = substr($raw, 0, $end);
        my $rest = substr($raw, $end + $sep);
        my ($line, @lines) = split /\r?\n/, $head;
        $line //= '';       # an empty head: garbage, not a reason to die
        my %res = (raw => $head . substr($raw, $end, $sep), headers => {},
                   header_list => [], body => '');
        if ($line =~ m{^(HTTP/\d\.\d)\s+(\d{3})\s?(.*)$}) {
            @res{qw(proto status reason)} = ($1, $2 + 0, $3);
        }
        else {
            $res{status} = 0;
            $res{bad_status_line} = $line;
        }
        for (@lines) {
            my ($n, $v) = /^([^:]+):\s*(.*?)\s*$/ or next;
            push @{ $res{header_list} }, [$n, $v];
            my $k = lc $n;
            $res{headers}->{$k} = exists $res{headers}->{$k}
                ? "$res{headers}->{$k}, $v" : $v;
        }
        my $method = uc(shift(@methods) || 'GET');
        my $st = $res{status};
        my $te = $res{headers}->{'transfer-encoding'} || '';
        my $cl = $res{headers}->{'content-length'};
        if ($method eq 'HEAD' or ($st >= 100 and $st < 200)
            or $st == 204 or $st == 304) {
            # no body
        }
        elsif ($te =~ /chunked/i) {
            my $body = '';
            while (1) {
                unless ($rest =~ s/^([0-9a-fA-F]+)[^\r\n]*\r?\n//) {
                    $res{incomplete} = 1;
                    last;
                }
                my $len = hex $1;
                if ($len == 0) {
                    # trailers, then the empty line
                    $rest =~ s/^(?:[^\r\n]+\r?\n)*\r?\n// or $res{incomplete} = 1;
                    last;
                }
                if (length($rest) < $len) {
                    $body .= $rest;
                    $rest = '';
                    $res{incomplete} = 1;
                    last;
                }
                $body .= substr($rest, 0, $len, '');
                $rest =~ s/^\r?\n//;
            }
            $res{body} = $body;
        }
        elsif (defined $cl and $cl =~ /^\d+$/) {
            $res{incomplete} = 1 if length($rest) < $cl;
            $res{body} = substr($rest, 0, $cl, '');
        }
        else {
            $res{body} = $rest;   # until close
            $rest = '';
        }
        $res{raw} .= $res{body} unless $te =~ /chunked/i;
        push @out, \%res;
        $raw = $rest;
    }
    return @out;
}

# Read from $sock into $$buf until the bytes from offset $start (default
# 0) satisfy $want (a pattern, or a code ref given them), the peer closes,
# or $secs pass.  Returns 1 when $want was met.
sub read_into {
    my ($sock, $buf, $want, $secs, $start) = @_;
    $start //= 0;
    my $ok = sub {
        my $got = substr($$buf, $start);
        return ref $want eq 'CODE' ? $want->($got) : $got =~ $want;
    };
    my $sel = IO::Select->new($sock);
    my $deadline = Time::HiRes::time() + $secs;
    while (!$ok->()) {
        my $left = $deadline - Time::HiRes::time();
        last if $left <= 0 or !$sel->can_read($left);
        my $n = sysread($sock, my $chunk, 65536);
        last unless $n;
        $$buf .= $chunk;
    }
    return $ok->() ? 1 : 0;
}

# Do $bytes end with a whole final response (Content-Length or chunked)?
sub final_complete {
    my @r = parse_responses(shift);
    return 0 unless @r;
    my $r = $r[-1];
    return !$r->{incomplete} && ($r->{status} || 0) >= 200
        && (defined $r->{headers}->{'content-length'}
            || ($r->{headers}->{'transfer-encoding'} || '') =~ /chunked/i);
}

# ---- Throwaway servers ------------------------------------------------------

# Run a client tool (curl, openssl) and return its stdout.  Without the
# sanitizer runtime that SANITIZE=1 preloads for httpd: curl hangs under
# it (a futex in its resolver thread), and no tool is what is tested.
sub run_tool {
    my $cmd = shift;
    delete local $ENV{LD_PRELOAD};
    return scalar `$cmd`;
}

# A self-signed certificate for localhost in $dir, for a TLS port:
# (certificate file, key file, openssl's output).
sub self_signed {
    my ($dir) = @_;
    my ($crt, $key) = (catfile($dir, 'cert.pem'), catfile($dir, 'key.pem'));
    my $out = run_tool('openssl req -x509 -newkey ec -pkeyopt '
                       . 'ec_paramgen_curve:prime256v1 -nodes '
                       . "-keyout $key -out $crt -days 2 -subj /CN=localhost "
                       . '2>&1');
    return ($crt, $key, $out);
}

# A TCP port nobody listens on right now (the kernel picks it).
sub free_port {
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
                                  Listen => 1, ReuseAddr => 1)
        or die "ISF::Test: cannot find a free port: $@\n";
    my $port = $s->sockport;
    close $s;
    return $port;
}

my $throwaway_seq = 0;

sub _throwaway_dir {
    my $name = shift;
    my $vars = Apache::Test::vars();
    $name ||= sprintf "%s-%d-%d", _test_name(), $$, ++$throwaway_seq;
    my $dir = catdir($vars->{t_logs}, 'throwaway', $name);
    File::Path::rmtree($dir) if -d $dir;
    File::Path::mkpath($dir);
    return ($name, $dir);
}

sub _test_name {
    (my $n = $0) =~ s{^.*?t/}{};
    $n =~ s{\.t$}{};
    $n =~ s{[^\w]+}{_}g;
    return $n || 'isf';
}

# A complete configuration: the inherited LoadModule lines the test server
# uses (the MPM, authz, ...), mod_isapi_filter from the build tree,
# Listen/PidFile/ErrorLog in $dir, then $body.  ServerRoot is t/.
#   modules => [names]   which inherited modules to load (default: the MPM,
#                        authz_core, mime, dir); 'all' for every one of them
#   isapi => 0           leave mod_isapi_filter out
sub throwaway_conf {
    my ($body, %opt) = @_;
    my $cfg  = Apache::Test::config();
    my $vars = $cfg->{vars};
    my $dir  = $opt{dir} or die "throwaway_conf: dir needed\n";
    my $port = $opt{port} || free_port();
    my %have = %{ $cfg->{modules} };
    my @want = $opt{modules} && $opt{modules} eq 'all'
        ? sort grep { $have{$_} ne '1' } keys %have
        : map { /\.c$/ ? $_ : "mod_$_.c" } @{ $opt{modules}
              || [qw(mpm_event authz_core mime dir)] };
    my $conf = "# throwaway configuration written by ISF::Test\n"
             . "Listen 127.0.0.1:$port\n"
             . "ServerName 127.0.0.1:$port\n"
             . "PidFile $dir/httpd.pid\n"
             . "ErrorLog $dir/error_log\n"
             . "DefaultRuntimeDir $dir\n"
             . "LogLevel info\n"
             . "DocumentRoot $vars->{documentroot}\n"
             . "TypesConfig $vars->{t_conf}/mime.types\n"
             # A child that dies on purpose leaves its core here, not in
             # t/, where Apache::Test would report it after every test.
             . "CoreDumpDirectory $dir\n";
    for my $mod (@want) {
        next if $mod eq 'mod_isapi_filter.c';
        my $file = $have{$mod};
        die "ISF::Test: module $mod is not in t/conf/inherit.conf\n"
            unless $file and $file ne '1';
        (my $sym = $mod) =~ s/^mod_//;
        $sym =~ s/\.c$/_module/;
        $conf .= "LoadModule $sym $file\n";
    }
    unless (defined $opt{isapi} and !$opt{isapi}) {
        $conf .= "LoadModule isapi_filter_module "
               . "$vars->{top_dir}/.libs/mod_isapi_filter.so\n";
    }
    # After the MPM's LoadModule, or the block would never apply.
    $conf .= "<IfModule mpm_event_module>\n"
           . "  StartServers 1\n  ServerLimit 1\n  ThreadsPerChild 4\n"
           . "  MaxRequestWorkers 4\n  MinSpareThreads 1\n"
           . "  MaxSpareThreads 4\n</IfModule>\n";
    return ($conf . "\n" . ($body // '') . "\n", $port);
}

sub _write_conf {
    my ($body, %opt) = @_;
    my ($name, $dir) = _throwaway_dir($opt{name});
    my ($conf, $port) = throwaway_conf($body, %opt, dir => $dir);
    my $file = catfile($dir, 'httpd.conf');
    open my $fh, '>', $file or die "ISF::Test: $file: $!\n";
    print $fh $conf;
    close $fh;
    return ($file, $dir, $port);
}

# Run a command, return (exit status, stdout + stderr, its pid).
sub _run {
    my @cmd = @_;
    my $pid = open(my $fh, '-|') // die "ISF::Test: fork: $!\n";
    if (!$pid) {
        open STDERR, '>&', \*STDOUT;
        exec @cmd or POSIX::_exit(127);
    }
    local $/;
    my $out = <$fh> // '';
    close $fh;
    return ($? >> 8, $out, $pid);
}

sub _httpd_cmd {
    my ($file, @args) = @_;
    my $vars = Apache::Test::vars();
    return ($vars->{httpd}, '-d', $vars->{serverroot}, '-f', $file, @args);
}

sub _slurp {
    my $f = shift;
    open my $fh, '<', $f or return '';
    local $/;
    return scalar <$fh>;
}

# `apache2 -t` on a throwaway configuration.  Catches what the directive
# handlers refuse; checks done later (post_config) need httpd_start.
# Returns { status, output, conf, dir }.
sub httpd_configtest {
    my ($body, %opt) = @_;
    my ($file, $dir) = _write_conf($body, %opt);
    my ($status, $out, $pid) = _run(_httpd_cmd($file, '-t'));
    return { status => $status, output => $out, conf => $file, dir => $dir,
             pid => $pid };
}

my @to_stop;

# Start a throwaway server (`apache2 -k start`), wait until it answers or
# dies, and stop it again unless keep => 1.  Returns { status (exit code
# of -k start), output, started (it answered on its port), error_log,
# conf, dir, port, stop (code ref) }.  %opt: as throwaway_conf, plus
# wait => seconds to wait for it to answer (default 10).
sub httpd_start {
    my ($body, %opt) = @_;
    my ($file, $dir, $port) = _write_conf($body, %opt);
    my ($status, $out, $pid) = _run(_httpd_cmd($file, '-k', 'start'));
    my $pidfile = catfile($dir, 'httpd.pid');
    my %res = (status => $status, output => $out, conf => $file,
               dir => $dir, port => $port, started => 0, start_pid => $pid);
    my $stopped = 0;
    $res{stop} = sub {
        return if $stopped++;
        return unless -e $pidfile;
        (undef, undef, $res{stop_pid}) = _run(_httpd_cmd($file, '-k', 'stop'));
        my $deadline = Time::HiRes::time() + 10;
        Time::HiRes::sleep(0.05)
            while -e $pidfile and Time::HiRes::time() < $deadline;
    };
    if ($status == 0) {
        my $deadline = Time::HiRes::time() + ($opt{wait} || 10);
        while (Time::HiRes::time() < $deadline) {
            if (-s $pidfile and IO::Socket::INET->new(
                    PeerAddr => '127.0.0.1', PeerPort => $port, Timeout => 1)) {
                $res{started} = 1;
                last;
            }
            # started and died already (a post_config refusal after detach)
            if (-s $pidfile) {
                my $pid = _slurp($pidfile) =~ /(\d+)/ ? $1 : 0;
                last if $pid and !kill 0, $pid;
            }
            Time::HiRes::sleep(0.05);
        }
    }
    if ($opt{keep} and $res{started}) {
        push @to_stop, $res{stop};
    }
    else {
        $res{stop}->();
    }
    $res{error_log} = _slurp(catfile($dir, 'error_log'));
    return \%res;
}

# `apache2 -k $signal` for a server httpd_start started: (exit status,
# stdout + stderr, pid of that process).
sub httpd_signal {
    my ($s, $signal) = @_;
    return _run(_httpd_cmd($s->{conf}, '-k', $signal));
}

# Stop a server httpd_start kept, and return the lines of its error log
# that tell of a crashed child (ISF::Hostile::crash_lines; '' when none).
sub stop_crashes {
    my ($s) = @_;
    $s->{stop}->();
    return join '', map { "$_\n" }
        ISF::Hostile::crash_lines(_slurp(catfile($s->{dir}, 'error_log')));
}

END {
    local $?;
    $_->() for @to_stop;
}

1;
