# A raw-data filter that lies about HTTP_FILTER_RAW_DATA never reaches
# the next filter of the chain with its lie: between two filters the
# bridge rewrites the structure, so the next one finds pvInData non-NULL,
# cbInData within the buffer pvInData points into, and cbInBuffer the room
# left in it.  The bridge once passed the lie on: a filter that left
# pvInData = NULL with cbInData = 5, or cbInData = cbInBuffer + 100000,
# made the next filter, an innocent one reading cbInData bytes, crash or
# read past the buffer.
#
# t/filters/life_rawlie.c plays the three parts (by the file name it is
# loaded from; the test copies it to t/logs/life_rawlie_in.so and
# t/logs/life_rawread.so):
#   SEND_RAW_DATA: a site filter lies (null, big, skip, own) in every
#     window of a response, for a small file (copied windows) and a range
#     of a large one (windows mapped from the file, ISAPIFilterWindowSize
#     4096); the global life_rawread.so, which runs after it, reports what
#     it got and reads it.
#   READ_RAW_DATA: two global filters, the first lies (null, big, skip) in
#     the read holding the request, the second reports and reads.
# Throwaway servers (global filters), event MPM.
use strict;
use warnings FATAL => 'all';

use File::Copy ();
use File::Spec::Functions qw(catfile);
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start raw_request raw_connect read_response_bytes
                 parse_responses free_port);
use ISF::CB qw(tag http_req log_lines wait_log note);
use ISF::Hostile qw(truncate_log big_file page crash_lines
                    sanitizer_lines);

my @send = map { my $op = $_; map { [$op, $_] } qw(small mapped) }
               qw(null big skip own);
my @read = qw(null big skip);
plan tests => 4 * @send + 3 + 4 * @read + 3,
    need_module qw(isapi_filter alias);

my $vars = Apache::Test::vars();
my $page = page();
my $big  = big_file();
my $WIN  = 4096;

# The three parts, each a library of its own (glibc would share one
# library loaded twice from the same file).
my %so;
for my $part (qw(life_rawlie_in life_rawread)) {
    my $src = catfile($vars->{serverroot}, 'filters', 'life_rawlie.so');
    $so{$part} = catfile($vars->{t_logs}, "$part.so");
    File::Copy::copy($src, "$so{$part}.$$") or die "copy $src: $!\n";
    chmod 0755, "$so{$part}.$$";
    rename "$so{$part}.$$", $so{$part} or die "rename $so{$part}: $!\n";
}

# {n => {key => value}} of the lines of $log for raw event $ev.
sub by_n {
    my ($log, $kind, $ev) = @_;
    my %out;
    for (log_lines($log, qr/^$kind ev=$ev /)) {
        my %f = /(\w+)=(\S+)/g;
        $out{$f{n}} = \%f;
    }
    return \%out;
}

# What the reader got that breaks the rules: pvInData NULL, or cbInData
# past cbInBuffer.  '' when all is well.
sub bad_windows {
    my $got = shift;
    return join ', ', map { "n=$_ null=$got->{$_}{null} "
                            . "len=$got->{$_}{len} cap=$got->{$_}{cap}" }
        grep { $got->{$_}{null} or $got->{$_}{len} > $got->{$_}{cap} }
        sort { $a <=> $b } keys %$got;
}

# For each window the liar lied in, "n=<n> cap=<cbInBuffer the reader got>"
# next to what it must be: the room left in the buffer pvInData points
# into (100 bytes less after skip; the filter's own 16 bytes after own).
sub room_left {
    my ($lies, $got) = @_;
    my (@want, @have);
    for my $n (sort { $a <=> $b } keys %$lies) {
        my $l = $lies->{$n};
        my $cap = $l->{op} eq 'skip' ? $l->{cap} - 100
                : $l->{op} eq 'own'  ? 16
                :                      $l->{cap};
        push @want, "n=$n cap=$cap";
        push @have, "n=$n cap=" . ($got->{$n} ? $got->{$n}{cap} : 'none');
    }
    return (join(', ', @have), join(', ', @want));
}

sub crashes {
    my $s = shift;
    open my $fh, '<', catfile($s->{dir}, 'error_log') or return ();
    local $/;
    my $log = <$fh> // '';
    return (crash_lines($log), sanitizer_lines($log));
}

# ---- SEND_RAW_DATA: a site filter lies, a global one reads after it --------
my $port = free_port();
my $s = httpd_start("KeepAlive On\nISAPIFilterWindowSize $WIN\n"
                    . "Alias /big.bin $big\n"
                    . "ISAPIFilter $so{life_rawread}\n"
                    . "<VirtualHost 127.0.0.1:$port>\n"
                    . "  ServerName lie.life.test\n"
                    . "  ISAPIFilter filters/life_rawlie.so\n"
                    . "</VirtualHost>\n",
                    port => $port, keep => 1, name => 'life_rawlen_send',
                    modules => [qw(mpm_event authz_core mime dir alias)]);
ok t_cmp($s->{started}, 1, 'SEND_RAW_DATA: a server with the lying site '
         . 'filter and the reading global filter starts')
    or note($s->{output}, $s->{error_log});

for my $case (@send) {
    my ($op, $what) = @$case;
    my $name = "SEND_RAW_DATA, $op, $what file";
    truncate_log($_) for qw(life_rawlie.log life_rawread.log);
    my $t = tag("rl-send-$op-$what");
    my @range = $what eq 'mapped' ? (Range => 'bytes=0-' . (3 * $WIN - 1))
                                  : ();
    my $raw = $s->{started} ? raw_request(port => $port, timeout => 3,
        data => http_req($what eq 'mapped' ? '/big.bin' : '/index.html',
                         'X-Life-Lie' => $op, 'X-Life-Tag' => $t, @range,
                         close => 1)) : '';
    wait_log('life_rawread.log', qr/^ENS$/);
    my $lies = by_n('life_rawlie.log', 'LIE', 'SEND');
    my $got  = by_n('life_rawread.log', 'GOT', 'SEND');
    ok t_cmp(scalar(keys %$lies) >= ($what eq 'mapped' ? 4 : 1) ? 1 : 0, 1,
             "$name: control: the site filter lied in the response's "
             . 'windows (' . scalar(keys %$lies) . ')');
    ok t_cmp(scalar(grep { $got->{$_} } keys %$lies),
             scalar(keys %$lies),
             "$name: the global filter after it is called for each of "
             . 'those windows');
    ok t_cmp(bad_windows($got), '',
             "$name: the next filter finds pvInData non-NULL and cbInData "
             . 'within cbInBuffer');
    my ($have, $want) = room_left($lies, $got);
    ok t_cmp($have, $want, "$name: its cbInBuffer is the room left in the "
             . 'buffer pvInData points into');
}

my $raw = $s->{started}
    ? raw_request(port => $port, data => http_req('/index.html',
                                                  close => 1))
    : '';
my ($r) = parse_responses($raw);
ok t_cmp($r && $r->{status} == 200 && $r->{body} eq $page ? 1 : 0, 1,
         'SEND_RAW_DATA: the server still serves a request without lies '
         . 'whole');
$s->{stop}->() if $s->{started};
my @dead = crashes($s);
ok t_cmp(scalar(@dead), 0, 'SEND_RAW_DATA: no child died') or note(@dead);

# ---- READ_RAW_DATA: two global filters, the first lies ---------------------
$s = httpd_start("KeepAlive On\n"
                 . "ISAPIFilter $so{life_rawlie_in}\n"
                 . "ISAPIFilter $so{life_rawread}\n",
                 keep => 1, name => 'life_rawlen_read',
                 modules => [qw(mpm_event authz_core mime dir alias)]);
ok t_cmp($s->{started}, 1, 'READ_RAW_DATA: a server with the lying and the '
         . 'reading global filter starts')
    or note($s->{output}, $s->{error_log});

for my $op (@read) {
    my $name = "READ_RAW_DATA, $op";
    truncate_log($_) for qw(life_rawlie.log life_rawread.log);
    my $t = tag("rl-read-$op");
    my $wire = '';
    if ($s->{started}) {
        local $SIG{PIPE} = 'IGNORE';
        my $sock = raw_connect(port => $s->{port});
        # The lie is told in the read holding this request ...
        print $sock http_req('/index.html', 'X-Life-Lie' => $op,
                             'X-Life-Tag' => $t);
        Time::HiRes::sleep(0.3);
        # ... and not in this one's, a read of its own.
        print $sock http_req('/index.html', 'X-Life-Tag' => "$t-next",
                             close => 1);
        ($wire) = read_response_bytes($sock, 3);
        close $sock;
    }
    wait_log('life_rawread.log', qr/^ENS$/);
    my $lies = by_n('life_rawlie.log', 'LIE', 'READ');
    my $got  = by_n('life_rawread.log', 'GOT', 'READ');
    ok t_cmp(join(' ', sort keys %$lies), '1',
             "$name: control: the first filter lied in the first read");
    ok t_cmp($got->{1} ? 1 : 0, 1,
             "$name: the second filter is called for that read");
    ok t_cmp(bad_windows($got), '',
             "$name: the next filter finds pvInData non-NULL and cbInData "
             . 'within cbInBuffer');
    my ($have, $want) = room_left($lies, $got);
    ok t_cmp($have, $want, "$name: its cbInBuffer is the room left in the "
             . 'buffer pvInData points into');
    note("$name: the client got: "
         . join(' ', map { $_->{status} // '?' } parse_responses($wire)));
}

$raw = $s->{started}
    ? raw_request(port => $s->{port}, data => http_req('/index.html',
                                                       close => 1))
    : '';
($r) = parse_responses($raw);
ok t_cmp($r && $r->{status} == 200 && $r->{body} eq $page ? 1 : 0, 1,
         'READ_RAW_DATA: the server still serves a request without lies '
         . 'whole');
$s->{stop}->() if $s->{started};
@dead = crashes($s);
ok t_cmp(scalar(@dead), 0, 'READ_RAW_DATA: no child died') or note(@dead);
