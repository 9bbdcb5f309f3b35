# TerminateFilter: IIS calls it when it unloads a filter that loaded, in
# the process the filter lived in, and a filter lives in the worker
# process that serves requests.  So each child calls GetFilterVersion as it
# starts and TerminateFilter once as it exits.  The configuration's own
# GetFilterVersion (apache2 -t, start-up, `-k stop`) runs in a short-lived
# process httpd forks for it, which calls TerminateFilter after it and
# exits; no httpd process of its own (the -t, `-k start` and `-k stop`
# processes, the daemon) runs filter code.  cb_terminate.so appends
# "EVENT pid=N ppid=M" (GetFilterVersion, SendResponse, TerminateFilter)
# to t/logs/cb_terminate.log.  Throwaway servers.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Time::HiRes ();
use ISF::Test qw(httpd_configtest httpd_start raw_request);
use ISF::CB qw(http_req log_file log_lines note);

plan tests => 9, need_module 'isapi_filter';

my $LOG = 'cb_terminate.log';

sub reset_log { open my $fh, '>', log_file($LOG) or die "$LOG: $!" }

# ({ pid => [events in order] }, { pid => ppid })
sub by_pid {
    my (%p, %parent);
    for (log_lines($LOG, qr/ pid=\d+ ppid=\d+$/)) {
        my ($ev, $pid, $ppid) = /^(\S+) pid=(\d+) ppid=(\d+)$/ or next;
        push @{ $p{$pid} }, $ev;
        $parent{$pid} = $ppid;
    }
    return (\%p, \%parent);
}

sub show { my $p = shift; map { "$_: @{ $p->{$_} }" } sort keys %$p }

reset_log();
my $r = httpd_configtest('ISAPIFilter filters/cb_terminate.so');
ok t_cmp($r->{status}, 0, 'apache2 -t accepts the filter')
    or note($r->{output});
my ($p, $parent) = by_pid();
ok t_cmp(join(',', @{ $p->{ $r->{pid} } || [] }), '',
         'apache2 -t runs no filter code in its own process')
    or note(show($p));
my @probes = sort keys %$p;
ok t_cmp(join(' ', map { $parent->{$_} } @probes) || 'none',
         join(' ', map { $r->{pid} } @probes) || 'some',
         'apache2 -t: GetFilterVersion runs in a process apache2 -t forked '
         . 'for it');
ok t_cmp(join(' ', map { join(',', @{ $p->{$_} }) } @probes),
         join(' ', map { 'GetFilterVersion,TerminateFilter' } @probes),
         'that process calls TerminateFilter after GetFilterVersion, as IIS '
         . 'does when it unloads a filter');

reset_log();
my $s = httpd_start('ISAPIFilter filters/cb_terminate.so', keep => 1);
ok t_cmp($s->{started}, 1, 'a server with the filter starts')
    or note($s->{output}, $s->{error_log});
my $daemon = 0;
if (open my $fh, '<', "$s->{dir}/httpd.pid") {
    ($daemon) = (<$fh> // '') =~ /(\d+)/;
}
raw_request(port => $s->{port}, data => http_req('/', close => 1));
$s->{stop}->();
Time::HiRes::sleep(0.3);
($p, $parent) = by_pid();
my %httpd = map { $_ => 1 } grep { $_ } $daemon, $s->{start_pid},
                                         $s->{stop_pid};
ok t_cmp(join(' ', map { "$_:@{ $p->{$_} }" } grep { $p->{$_} } keys %httpd),
         '', 'the daemon, the `-k start` and the `-k stop` processes run no '
         . 'filter code')
    or note(show($p));
my @served = grep { grep { $_ eq 'SendResponse' } @{ $p->{$_} } } keys %$p;
ok t_cmp(join(' ', map { join(',', @{ $p->{$_} }) } @served) || 'none',
         'GetFilterVersion,SendResponse,TerminateFilter',
         'the child that served the request ran GetFilterVersion itself, '
         . 'and TerminateFilter once as it exited')
    or note(show($p));
my @loaders = sort grep { grep { $_ eq 'GetFilterVersion' } @{ $p->{$_} } }
              keys %$p;
ok t_cmp(join(' ', map { join(',', grep { $_ ne 'SendResponse' }
                                   @{ $p->{$_} }) } @loaders),
         join(' ', map { 'GetFilterVersion,TerminateFilter' } @loaders),
         'every process that called GetFilterVersion (each child, and the '
         . 'processes forked for the configuration at start-up and at '
         . '`-k stop`) calls TerminateFilter once, after it')
    or note(show($p));
ok t_cmp(join(' ', map { $httpd{ $parent->{$_} } ? 1 : 0 } @loaders),
         join(' ', map { 1 } @loaders),
         'each of them is a child of an httpd process (the daemon, or the '
         . 'start-up or `-k stop` process)')
    or note(show($p), "httpd processes: @{[ sort keys %httpd ]}",
            map { "$_ < $parent->{$_}" } @loaders);
