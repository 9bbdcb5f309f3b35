# Issue 10 item 4: a pfc is valid only on the thread of a live
# notification.  IIS calls filters synchronously, so a call from a thread
# the filter created itself is outside the interface: GetServerVariable,
# WriteClient, AddResponseHeaders, ServerSupportFunction and AllocMem must
# all give FALSE (NULL) with ERROR_INVALID_PARAMETER, whether the
# notification is waiting for the thread or has returned and the
# connection goes on serving, and nothing may crash or reach the client.
# GetLastError is per thread, as in the SDK.  t/filters/life_thread.c,
# scenario isf_life_thread.  The bridge once served such calls from the
# foreign thread, on the connection's pool and output filters: the
# thread's bytes went out in the middle of responses, and the child could
# crash.
use strict;
use warnings FATAL => 'all';

use IO::Select ();
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses);
use ISF::CB qw(tag http_req wait_log error_log_mark wait_error_log note);
use ISF::Hostile qw(page crash_lines truncate_log);

plan tests => 15, need_module 'isapi_filter';

my $M = 'isf_life_thread';
my $page = page();
my $mark = error_log_mark();

# ---- The notification waits for the thread (pthread_join) ------------------
my $raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-Life-Op' => 'join', close => 1));
my ($res) = parse_responses($raw);
ok t_cmp($res && $res->{status} == 200 && $res->{body} eq $page ? 1 : 0, 1,
         'the request whose filter ran a thread is served normally');
my $rep = $res ? $res->{headers}->{'x-life-thread'} // '' : '';
note("thread report: $rep");
my %got = $rep =~ /([\w-]+)=(\S+)/g;
ok t_cmp($got{gsv}, 'FALSE/87', 'GetServerVariable from the filter\'s own '
         . 'thread, while the notification waits for it: FALSE, '
         . 'ERROR_INVALID_PARAMETER');
ok t_cmp($got{wc}, 'FALSE/87', 'WriteClient from that thread: FALSE, '
         . 'ERROR_INVALID_PARAMETER');
ok t_cmp($got{arh}, 'FALSE/87', 'AddResponseHeaders from that thread: '
         . 'FALSE, ERROR_INVALID_PARAMETER');
ok t_cmp($got{ssf}, 'FALSE/87', 'ServerSupportFunction(SF_REQ_GET_CONNID) '
         . 'from that thread: FALSE, ERROR_INVALID_PARAMETER');
ok t_cmp($got{alloc}, 'NULL/87', 'AllocMem from that thread: NULL, '
         . 'ERROR_INVALID_PARAMETER');
ok t_cmp(($got{'main-err'} // '-') . ' ' . ($got{main} // '-'),
         '12345 TRUE', 'the notification\'s own thread keeps its '
         . 'GetLastError (per thread) and its calls through the same pfc '
         . 'work');
ok t_cmp(index($raw, 'LIFE-THREAD-BYTES') < 0
         && !defined $res->{headers}->{'x-life-from-thread'} ? 1 : 0, 1,
         'nothing the thread wrote or added reaches the client');

# ---- The thread goes on calling while the connection serves ----------------
truncate_log('life_thread.log');
my $tag = tag('thread');
my $sock = raw_connect(module => $M);
my $wire = '';
my $sel = IO::Select->new($sock);
my @reqs = (http_req('/index.html', 'X-Life-Op' => 'loose',
                     'X-Life-Tag' => $tag),
            http_req('/index.html'), http_req('/index.html'),
            http_req('/index.html', close => 1));
for my $i (0 .. $#reqs) {
    print $sock $reqs[$i];
    # This response whole (or the connection gone), within 2 s.
    my $deadline = Time::HiRes::time() + 2;
    while (1) {
        my @r = parse_responses($wire);
        last if @r == $i + 1 && !$r[-1]->{incomplete};
        my $left = $deadline - Time::HiRes::time();
        last if $left <= 0 or !$sel->can_read($left);
        my $n = sysread($sock, my $chunk, 65536);
        last unless $n;
        $wire .= $chunk;
    }
    # Give the thread time to call while the connection is between
    # requests.
    Time::HiRes::sleep(0.05);
}
$wire .= scalar ISF::Test::read_response_bytes($sock, 1)
    if length $wire < 1_000_000;
close $sock;
my @res = parse_responses($wire);
ok t_cmp(join(' ', map { ($_->{status} // 0)
                         . ($_->{body} eq $page ? '' : '!body') } @res),
         '200 200 200 200', 'four requests on the connection, while the '
         . 'filter\'s thread calls the callbacks, are all served whole');
ok t_cmp(index($wire, 'LIFE-THREAD-BYTES'), -1,
         'no byte the thread wrote reaches the client');
ok t_cmp(scalar(grep { defined $_->{headers}->{'x-life-from-thread'} } @res),
         0, 'no header the thread added reaches a response');
my ($line) = wait_log('life_thread.log', qr/^LOOSE tag=\Q$tag\E /);
note($line // 'no LOOSE line');
my ($calls, $refused, $bad) = ($line // '')
    =~ /calls=(\d+) refused=(\d+) bad=(\S+)/;
ok t_cmp(($calls // 0) >= 50 ? 1 : 0, 1,
         'the thread made its calls while the connection served (at least '
         . 'ten rounds), and END_OF_NET_SESSION could stop it');
ok t_cmp($bad // 'no report', '-', 'every call from the thread was '
         . 'refused with ERROR_INVALID_PARAMETER (the first that was not, if '
         . 'any)');
ok t_cmp($refused // 'no report', $calls // 'no report',
         'refused calls: all of them');

# ---- No crash ---------------------------------------------------------------
my @dead = crash_lines(wait_error_log($mark, qr/exit signal/, 1));
ok t_cmp(scalar(@dead), 0, 'no child died') or note(@dead);
