# END_OF_NET_SESSION is the last notification of a connection, as in IIS:
# a filter frees there what it hung on pFilterContext (t/filters/
# late_log.c does, with free()).  Under the event MPM a response whose
# client stops reading is left to write completion: httpd logs the
# request (log_transaction, hence LOG) only when the response's last
# bucket goes, which for a connection that times out is while its pool is
# torn down, after END_OF_NET_SESSION had run as the pool's pre-cleanup,
# and after the connection's AllocMem blocks were freed, a filter would
# hear LOG after END_OF_NET_SESSION, with the state it had freed.  (An
# attack that held: httpd ends the response, and logs it, before the
# connection's pool goes.)
# Throwaway server, event MPM, Timeout 2, a 32 MB file.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use Socket qw(SOL_SOCKET SO_RCVBUF);
use Time::HiRes ();
use ISF::Test qw(httpd_start raw_connect raw_request free_port);
use ISF::CB qw(http_req note);

plan tests => 4, need_module 'isapi_filter';

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $logs = Apache::Test::vars('t_logs');
my $docs = "$logs/throwaway/late_log_docs";
File::Path::mkpath($docs);
{
    open my $fh, '>', "$docs/big.bin" or die "$docs/big.bin: $!";
    my $block = 'x' x (1024 * 1024);
    print $fh $block for 1 .. 32;
    close $fh;
}
my $rec = "$logs/late_log.log";
unlink $rec;

my $port = free_port();
my $s = httpd_start(<<"EOF", keep => 1, port => $port,
LoadModule mpm_event_module $libexec/mod_mpm_event.so
Timeout 2
DocumentRoot $docs
<Directory $docs>
    Require all granted
</Directory>
ISAPIFilter filters/late_log.so
EOF
    modules => [qw(authz_core mime)]);
ok t_cmp($s->{started}, 1, 'an event server with late_log starts')
    or note($s->{output}, $s->{error_log});

# A client that asks for the file and reads none of it.
my $sock = raw_connect(port => $port);
setsockopt($sock, SOL_SOCKET, SO_RCVBUF, 4096);
syswrite($sock, http_req('/big.bin'));
# httpd gives up on it after Timeout; the pool goes some time after.
my $deadline = Time::HiRes::time() + 20;
my @lines;
while (Time::HiRes::time() < $deadline) {
    Time::HiRes::sleep(0.5);
    open my $fh, '<', $rec or next;
    @lines = <$fh>;
    last if grep { /END_OF_NET_SESSION/ } @lines
        and grep { / LOG / } @lines;
}
close $sock;
chomp @lines;
# The connection's lines, by pid and SF_REQ_GET_CONNID (httpd_start's
# probe connection came first).
my ($conn) = map { join ' ', (split / /)[0, 1] }
             grep { /PREPROC_HEADERS/ } reverse @lines;
my @mine = map { join ' ', (split / /)[2, 3] }
           grep { join(' ', (split / /)[0, 1]) eq ($conn // '') } @lines;
note(@mine);
ok t_cmp(join(', ', grep { !/^END_OF_REQUEST/ } @mine),
         'PREPROC_HEADERS ctx, LOG ctx, END_OF_NET_SESSION ctx',
         'a response left to write completion: LOG comes before '
         . 'END_OF_NET_SESSION, with the filter\'s state still there');
ok t_cmp((grep { /^END_OF_NET_SESSION/ } @mine)[-1] // '',
         'END_OF_NET_SESSION ctx', 'END_OF_NET_SESSION is the last');
ok t_cmp(scalar(grep { / none$/ } @mine), 0,
         'no notification after END_OF_NET_SESSION');
$s->{stop}->();
unlink "$docs/big.bin";
