# Per-URL control for requests whose response may never pass the head
# filter (attacks on 2719bf2): the client sends part of a request body to
# a CGI (mod_cgid) and closes, or stops sending and mod_reqtimeout
# answers 408.  cb_order.so (no raw events) is disabled in <Location
# /loc>: there it must hear PREPROC_HEADERS and URL_MAP only, never LOG
# or END_OF_REQUEST, whatever became of the response.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catdir);
use IO::Socket::INET;
use Time::HiRes ();
use ISF::Test qw(raw_request httpd_start free_port stop_crashes);
use ISF::CB qw(tag http_req wait_log note);

plan tests => 7, need_module 'isapi_filter', need_module 'cgid';

my $LOG = 'cb_order.log';
my $EARLY = 'PREPROC_HEADERS,URL_MAP';
my $ALLPRE = 'PREPROC_HEADERS,URL_MAP,AUTHENTICATION,AUTH_COMPLETE';
my $cgi = catdir(Apache::Test::vars('t_dir'), 'cgi-bin');
my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');

my $port = free_port();
my $s = httpd_start(<<"EOF", keep => 1, port => $port,
LoadModule reqtimeout_module $libexec/mod_reqtimeout.so
RequestReadTimeout header=5 body=2
ScriptAlias /cgi/ $cgi/
ScriptAlias /loc/cgi/ $cgi/
<Location /loc>
    ISAPIFilterDisable cb_order.so
</Location>
ISAPIFilter filters/cb_order.so
EOF
    modules => [qw(mpm_event authz_core mime dir alias cgid)]);
ok t_cmp($s->{started}, 1, 'the server starts')
    or note($s->{output}, $s->{error_log});

sub events_of {
    my ($tag) = @_;
    my @l = wait_log($LOG, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/,
                     qr/^\Q$tag\E#\d+ /, 8);
    return join ',', grep { $_ ne 'END_OF_NET_SESSION' }
                     map { (split / /)[1] } @l;
}

# A POST of 100000 bytes of which 10 are sent: (socket, tag).
sub part_post {
    my ($path, $name) = @_;
    my $tag = tag($name);
    my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                     PeerPort => $port) or die;
    print $sock "POST $path HTTP/1.1\r\nHost: localhost\r\n"
              . "X-CB-Tag: $tag\r\nContent-Length: 100000\r\n\r\n"
              . ('x' x 10);
    return ($sock, $tag);
}

# Part of the body, then the client goes.
sub cut {
    my ($sock, $tag) = part_post($_[0], 'cut');
    Time::HiRes::sleep(0.5);
    close $sock;
    return events_of($tag);
}

# Part of the body, then nothing until mod_reqtimeout gives up.
sub stall {
    my ($sock, $tag) = part_post($_[0], 'stall');
    my $got = '';
    my $deadline = time + 8;
    while (time < $deadline) {
        my $n = sysread($sock, my $b, 4096);
        last unless $n;
        $got .= $b;
    }
    close $sock;
    return ($got, events_of($tag));
}

my $ev = cut('/loc/cgi/life_echo.pl');
ok t_cmp($ev, $EARLY, 'a body cut short, CGI in the disabled <Location>: '
         . 'no late event');
$ev = cut('/cgi/life_echo.pl');
ok t_cmp($ev, qr/^\Q$ALLPRE\E/, 'a body cut short, CGI outside: the '
         . 'filter hears the request');
my ($got, $ev2) = stall('/loc/cgi/life_echo.pl');
ok t_cmp($got, qr{^HTTP/1\.1 (408|400|500)}, 'a stalled body: an error '
         . 'response') or note($got);
ok t_cmp($ev2, $EARLY, 'a stalled body in the disabled <Location>: no '
         . 'late event');
($got, $ev2) = stall('/cgi/life_echo.pl');
ok t_cmp($ev2, qr/^\Q$ALLPRE\E.*LOG/, 'a stalled body outside: LOG');
ok t_cmp(stop_crashes($s), '', 'no child crashed');
