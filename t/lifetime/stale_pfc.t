# Issue 10 item 3: a pfc is valid only while its connection is live.  A
# filter (t/filters/life_stale.c) stores the pfc of connection 1; that
# connection closes, and its memory may go to connection 3, which stays
# open and idle; during a notification of connection 2 the filter calls
# GetServerVariable and WriteClient through the stored pfc.  Both must
# return FALSE with ERROR_INVALID_PARAMETER (87), and no byte of the write
# may reach any connection; calls through the live pfc in the same
# notification still work.  The bridge once checked the slot's magic,
# which recycled pool memory still held: both calls returned TRUE and the
# bytes landed in connection 3.  Whether the recycled memory lines up is
# up to APR, so the round is repeated.  A throwaway server (event MPM, one
# child, so that every connection meets the stored pointer).
use strict;
use warnings FATAL => 'all';

use File::Spec::Functions qw(catfile);
use IO::Select ();
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start parse_responses raw_connect);
use ISF::CB qw(note);

use constant ROUNDS => 4;

plan tests => 9, need_module 'isapi_filter';

my $vars = Apache::Test::vars();
my $page = do {
    open my $fh, '<', catfile($vars->{documentroot}, 'index.html') or die;
    local $/;
    <$fh>;
};

# Read until $want (a code ref given the bytes) holds, the peer closes, or
# $secs pass.
sub read_for {
    my ($sock, $want, $secs) = @_;
    my ($buf, $sel) = ('', IO::Select->new($sock));
    my $deadline = Time::HiRes::time() + $secs;
    until ($want && $want->($buf)) {
        my $left = $deadline - Time::HiRes::time();
        last if $left <= 0 or !$sel->can_read($left);
        my $n = sysread($sock, my $chunk, 65536);
        last unless $n;
        $buf .= $chunk;
    }
    return $buf;
}

sub one_response {
    my @r = parse_responses(shift);
    return @r == 1 && !$r[0]->{incomplete};
}

sub req {
    my ($op, $close) = @_;
    return "GET /index.html HTTP/1.1\r\nHost: localhost\r\n"
         . "X-Life-Op: $op\r\n"
         . ($close ? "Connection: close\r\n" : '') . "\r\n";
}

unlink catfile($vars->{t_logs}, 'life_stale.log');
# One child.  (throwaway_conf's own <IfModule mpm_event_module> sizing
# comes before the MPM is loaded, so it never applies.)
my $s = httpd_start("StartServers 1\nServerLimit 1\nThreadsPerChild 8\n"
                    . "MaxRequestWorkers 8\nMinSpareThreads 1\n"
                    . "MaxSpareThreads 16\n"
                    . "KeepAlive On\nKeepAliveTimeout 20\n"
                    . "ISAPIFilter filters/life_stale.so\n",
                    keep => 1, name => 'life_stale');
ok t_cmp($s->{started}, 1, 'a server with the pfc-keeping filter starts');

my (@reports, @served, @idle);
my $wire = '';
for my $round (1 .. ROUNDS) {
    last unless $s->{started};
    # Connection 1: the filter keeps its pfc; the connection ends.
    my $c1 = raw_connect(port => $s->{port});
    print $c1 req('store', 1);
    $wire .= read_for($c1, undef, 5);
    close $c1;
    # Let the server finish with connection 1 (lingering close) and
    # recycle its memory for the next connection.
    Time::HiRes::sleep(0.5);

    # Connection 3: a live, idle keep-alive connection, maybe on that
    # memory.
    my $c3 = raw_connect(port => $s->{port});
    print $c3 req('idle');
    my $raw3 = read_for($c3, \&one_response, 5);

    # Connection 2: the stored pfc is used from its notification.
    my $c2 = raw_connect(port => $s->{port});
    print $c2 req('use', 1);
    my $raw2 = read_for($c2, undef, 5);
    close $c2;
    $wire .= $raw2;
    my ($r2) = parse_responses($raw2);
    push @served, $r2 && $r2->{status} == 200 && $r2->{body} eq $page;
    push @reports, $r2 ? $r2->{headers}->{'x-life-stale'} // '' : '';
    # Whatever reached connection 3 meanwhile.
    $raw3 .= read_for($c3, sub { length $_[0] }, 0.3);
    push @idle, [$c3, $raw3];
}
# One more request on each idle connection: it must still work.
my @idle_ok;
for (@idle) {
    my ($c3, $raw3) = @$_;
    print $c3 req('idle', 1);
    $raw3 .= read_for($c3, undef, 5);
    close $c3;
    $wire .= $raw3;
    push @idle_ok, join ' ', map {
        ($_->{status} // 0) . ($_->{body} eq $page ? '' : '!body')
    } parse_responses($raw3);
}
$s->{stop}->();
note("round $_: $reports[$_ - 1]") for 1 .. @reports;

# What every round said, or the first thing that went wrong.
sub every {
    my ($key, $want) = @_;
    return 'no round ran' unless @reports;
    for my $i (0 .. $#reports) {
        my %got = $reports[$i] =~ /(\w+)=(\S+)/g;
        my $v = $got{$key} // "'$reports[$i]'";
        return 'round ' . ($i + 1) . ": $v" if $v ne $want;
    }
    return $want;
}

ok t_cmp(scalar(grep { $_ } @served), ROUNDS,
         'every request that used a stored pfc is served normally');
ok t_cmp(scalar(grep { /^(?:none|same|)$/ } @reports), 0,
         'each round tested: the stored pfc is in this process and is not '
         . 'the later connection\'s own');
ok t_cmp(every('gsv', 'FALSE/87'), 'FALSE/87',
         'GetServerVariable through the pfc of a connection that has '
         . 'ended: FALSE, ERROR_INVALID_PARAMETER');
ok t_cmp(every('wc', 'FALSE/87'), 'FALSE/87',
         'WriteClient through the pfc of a connection that has ended: '
         . 'FALSE, ERROR_INVALID_PARAMETER');
ok t_cmp(every('live', 'TRUE'), 'TRUE',
         'GetServerVariable through the live pfc in the same notification '
         . 'works');
ok t_cmp(index($wire, 'LIFE-STALE-BYTES'), -1,
         'no byte of the refused write reaches any connection');
ok t_cmp(join(', ', @idle_ok), join(', ', ('200 200') x ROUNDS),
         'the idle connections opened after the ended one are '
         . 'undisturbed: both requests of each are answered');
my @dead = do {
    open my $fh, '<', catfile($s->{dir}, 'error_log') or die;
    local $/;
    (<$fh> // '') =~ /^(.*exit signal.*)$/mg;
};
ok t_cmp(scalar(@dead), 0, 'no child died') or note(@dead);
