# TerminateFilter: called when the filter is unloaded, in every process
# that holds it: after `apache2 -t`, in each child as it exits and in the
# parent when the server stops; never twice in one process for one load.
# cb_terminate.so appends "GetFilterVersion pid=N" and
# "TerminateFilter pid=N" to t/logs/cb_terminate.log.  Throwaway servers.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Time::HiRes ();
use ISF::Test qw(httpd_configtest httpd_start raw_request);
use ISF::CB qw(http_req log_file log_lines note);

plan tests => 8, need_module 'isapi_filter';

my $LOG = 'cb_terminate.log';

sub reset_log { open my $fh, '>', log_file($LOG) or die "$LOG: $!" }

# { pid => [events in order] }
sub by_pid {
    my %p;
    for (log_lines($LOG, qr/ pid=\d+$/)) {
        my ($ev, $pid) = /^(\S+) pid=(\d+)$/ or next;
        push @{ $p{$pid} }, $ev;
    }
    return \%p;
}

reset_log();
my $r = httpd_configtest('ISAPIFilter filters/cb_terminate.so');
ok t_cmp($r->{status}, 0, 'apache2 -t accepts the filter')
    or note($r->{output});
my $p = by_pid();
my @pids = keys %$p;
ok t_cmp(scalar(@pids), 1, 'apache2 -t is one process');
ok t_cmp(join(',', map { @$_ } values %$p),
         'GetFilterVersion,TerminateFilter',
         'apache2 -t: GetFilterVersion, then TerminateFilter when the '
         . 'configuration is dropped');

reset_log();
my $s = httpd_start('ISAPIFilter filters/cb_terminate.so', keep => 1);
ok t_cmp($s->{started}, 1, 'a server with the filter starts')
    or note($s->{output}, $s->{error_log});
my $ppid = 0;
if (open my $fh, '<', "$s->{dir}/httpd.pid") {
    ($ppid) = (<$fh> // '') =~ /(\d+)/;
}
raw_request(port => $s->{port}, data => http_req('/', close => 1));
$s->{stop}->();
Time::HiRes::sleep(0.3);
$p = by_pid();
ok t_cmp(join(',', grep { $_ eq 'TerminateFilter' } @{ $p->{$ppid} || [] }),
         qr/^TerminateFilter/,
         'stopping the server: the parent runs TerminateFilter');
my @children = grep { $_ != $ppid
                      and !grep { $_ eq 'GetFilterVersion' } @{ $p->{$_} } }
               keys %$p;
ok t_cmp(scalar(@children) >= 1 ? 1 : 0, 1,
         'a child process (which inherited the filter) runs TerminateFilter '
         . 'as it exits');
ok t_cmp(join(' ', map { scalar(@{ $p->{$_} }) } @children),
         join(' ', map { 1 } @children),
         'each child calls TerminateFilter exactly once');
my @loaders = grep { grep { $_ eq 'GetFilterVersion' } @{ $p->{$_} } }
              keys %$p;
ok t_cmp(join(' ', map { join(',', @{ $p->{$_} }) } @loaders),
         join(' ', map { 'GetFilterVersion,TerminateFilter' } @loaders),
         'every process that loaded the filter (start-up, the daemon, '
         . '`-k stop`) runs TerminateFilter once, after GetFilterVersion')
    or note(map { "$_: @{ $p->{$_} }" } keys %$p);
