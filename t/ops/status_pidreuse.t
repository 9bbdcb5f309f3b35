# The status page after a child died and its pid went to another user's
# process (issue 15, attacks on the counters' regions).  On Debian httpd's
# parent runs as root and the children as www-data, so a child asking
# "is pid N still there?" of a dead sibling's pid that a root process got
# since is told EPERM, not ESRCH.  That must still count as gone: the
# dead child's gauges (AllocMem in use, left non-zero by a child that was
# killed with a connection open, as a crash leaves them) must not be
# shown, and its region must be free for a new child.  t/shims/pidreuse.so
# turns the module's ESRCH into EPERM; crash_on_request.so only tells the
# pid of the child serving each response (X-Crash-Pid).
# A throwaway prefork server.
use strict;
use warnings FATAL => 'all';

use File::Spec::Functions qw(catfile);
use JSON::PP ();
use Time::HiRes ();
use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start raw_connect raw_request read_into
                 final_complete parse_responses);
use ISF::CB qw(http_req note);

plan tests => 5, need_module 'isapi_filter';

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $shim = catfile(Apache::Test::vars('serverroot'), 'shims', 'pidreuse.so');
local $ENV{LD_PRELOAD} = join ' ', grep { defined && length }
                                   $ENV{LD_PRELOAD}, $shim;
my $s = httpd_start(
    "LoadModule mpm_prefork_module $libexec/mod_mpm_prefork.so\n"
    . "StartServers 3\nMinSpareServers 3\nMaxSpareServers 3\n"
    . "ServerLimit 3\nMaxRequestWorkers 3\nKeepAliveTimeout 30\n"
    . "ISAPIFilter filters/st_mix.so\n"
    . "ISAPIFilter filters/crash_on_request.so\n"
    . "<Location /isapi-status>\n  SetHandler isapi-filter-status\n"
    . "</Location>\n",
    modules => [qw(authz_core mime dir)], keep => 1,
    name => 'status_pidreuse');
ok t_cmp($s->{started}, 1, 'a prefork server with the shim starts')
    or note($s->{output}, $s->{error_log});

sub status {
    my ($r) = parse_responses(scalar(raw_request(port => $s->{port},
        data => http_req('/isapi-status?json', close => 1))));
    return eval { JSON::PP->new->decode($r->{body}) } || {};
}

# A connection left open after AllocMem(1000), then its child killed.
my $sock = raw_connect(port => $s->{port});
syswrite($sock, http_req('/st/a/1000'));
my $buf = '';
read_into($sock, \$buf, sub { final_complete($_[0]) }, 10);
my ($res) = parse_responses($buf);
my $pid = $res->{headers}{'x-crash-pid'} // 0;
ok t_cmp(status()->{filters}[0]{alloc_mem_in_use}, 1000,
         'AllocMem in use: the open connection\'s block');
kill 'KILL', $pid if $pid > 1;
close $sock;
my ($doc, $me) = ({}, undef);
my $deadline = Time::HiRes::time() + 10;
do {
    Time::HiRes::sleep(0.3);
    $doc = status();
    ($me) = grep { $_->{pid} == $pid } @{ $doc->{children} || [] };
} until (($me && !$me->{live}) or Time::HiRes::time() > $deadline);
ok t_cmp($me && !$me->{live} ? 1 : 0, 1,
         'the killed child is shown gone, though its pid answers EPERM')
    or note(JSON::PP->new->encode($doc->{children} || []));
ok t_cmp($doc->{filters}[0]{alloc_mem_in_use}, 0,
         'its AllocMem bytes are no longer counted in use');

# ServerLimit 3: a region per possible child, and the child started in
# the dead one's place needs the dead one's region.
Time::HiRes::sleep(1.5);
open my $fh, '<', "$s->{dir}/error_log" or die;
my $elog = do { local $/; <$fh> };
ok t_cmp($elog =~ /ISF63/ ? 1 : 0, 0,
         'the new children find regions (no ISF63): a dead child\'s region '
         . 'is free again');
$s->{stop}->();
