# Filters that cannot be used stop the configuration from loading:
# `apache2 -t` fails, and its message names the filter file (as written
# in the configuration) and the reason.  Uses ISF::Test::httpd_configtest
# (a throwaway configuration, never the shared test server).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_configtest free_port);
use ISF::CB qw(note);

plan tests => 30, need_module 'isapi_filter';

# Run `apache2 -t` on $body; return (exit status, output).
sub configtest {
    my $r = httpd_configtest(shift);
    return ($r->{status}, $r->{output});
}

my ($st, $out) = configtest('ISAPIFilter filters/cb_chain_a.so');
ok t_cmp($st, 0, 'control: a good filter passes apache2 -t') or note($out);

($st, $out) = configtest('ISAPIFilter filters/cb_no_such_filter.so');
ok t_cmp($st, 1, 'a missing filter file: apache2 -t fails');
ok t_cmp($out, qr{cb_no_such_filter\.so: No such file or directory},
         'the message names the missing file and says it does not exist');
ok t_cmp($out, qr{Syntax error on line \d+ of \S+httpd\.conf},
         'httpd points at the configuration line');

my $junk = Apache::Test::vars('t_logs') . '/cb_not_a_library.so';
open my $fh, '>', $junk or die "$junk: $!";
print $fh "this is not an ELF shared object\n" x 8;
close $fh;
($st, $out) = configtest("ISAPIFilter $junk");
ok t_cmp($st, 1, 'a file that is not a shared object: apache2 -t fails');
ok t_cmp($out,
         qr{cannot load \Q$junk\E: .*(?:invalid ELF header|file too short)},
         'the message names the file and the loader\'s reason');

($st, $out) = configtest('ISAPIFilter filters');
ok t_cmp($st, 1, 'a directory: apache2 -t fails');
ok t_cmp($out, qr{cannot load \S*filters: not a regular file},
         'the message names the path and says it is not a file');

($st, $out) = configtest('ISAPIFilter filters/cb_no_version.so');
ok t_cmp($st, 1, 'a library without GetFilterVersion: apache2 -t fails');
ok t_cmp($out, qr{cb_no_version\.so: does not export GetFilterVersion},
         'the message names the file and the missing export');

($st, $out) = configtest('ISAPIFilter filters/cb_refuse.so');
ok t_cmp($st, 1, 'GetFilterVersion returning FALSE: apache2 -t fails');
ok t_cmp($out, qr{cb_refuse\.so: GetFilterVersion returned FALSE \(error 5\)},
         'the message names the file and the filter\'s SetLastError code');

# GetFilterVersion runs in a process httpd forks for it (so that the
# configuration runs no filter code in httpd): a filter that kills that
# process, ends it or crashes in the TerminateFilter that follows stops
# the configuration with the file and the reason, and httpd lives to say
# so.  t/filters/cb_probe_fail.c, told what to do by CB_PROBE_FAIL.
for my $case (
    [abort => 'GetFilterVersion crashed: the process it ran in \(pid \d+\) '
              . 'died of signal 6 \(SIGABRT',
     'GetFilterVersion that aborts'],
    [exit => 'GetFilterVersion ended the process it ran in \(pid \d+, '
             . 'exit status 3\) without returning',
     'GetFilterVersion that calls exit(3)'],
    ['term-abort' => 'TerminateFilter \(called after GetFilterVersion, as '
                     . 'at unload\) crashed: .* died of signal 6 \(SIGABRT',
     'TerminateFilter that aborts'],
) {
    my ($mode, $re, $what) = @$case;
    local $ENV{CB_PROBE_FAIL} = $mode;
    ($st, $out) = configtest('ISAPIFilter filters/cb_probe_fail.so');
    ok t_cmp($st, 1, "$what: apache2 -t fails (and does not die)")
        or note($out);
    ok t_cmp($out, qr{cb_probe_fail\.so: $re},
             "$what: the message names the file and the reason");
    ok t_cmp($out, qr{Syntax error on line \d+ of \S+httpd\.conf},
             "$what: httpd points at the configuration line");
}

my $port = free_port();
($st, $out) = configtest(<<"EOC");
Listen 127.0.0.1:$port
<VirtualHost 127.0.0.1:$port>
    ISAPIFilter filters/cb_raw_read.so
</VirtualHost>
EOC
ok t_cmp($st, 1,
         'a site filter registering READ_RAW_DATA: apache2 -t fails');
ok t_cmp($out, qr{cb_raw_read\.so\ registers\ SF_NOTIFY_READ_RAW_DATA,
                  \ which\ only\ a\ global\ filter\ may\ do}x,
         'the message names the file and says READ_RAW_DATA is for '
         . 'global filters only');
($st, $out) = configtest('ISAPIFilter filters/cb_raw_read.so');
ok t_cmp($st, 0, 'the same filter is accepted as a global filter')
    or note($out);

($st, $out) = configtest('ISAPIFilter filters/cb_chain_a.so Urgent');
ok t_cmp($st, 1, 'an unknown priority word: apache2 -t fails');
ok t_cmp($out, qr{priority must be High, Medium or Low, not 'Urgent'},
         'the message gives the allowed priorities and the bad word');
ok t_cmp($out, qr{ISAPIFilter: filters/cb_chain_a\.so: priority},
         'the priority message names the filter file');

($st, $out) = configtest('ISAPIFilter filters/cb_chain_a.so High extra');
ok t_cmp($st, 1, 'ISAPIFilter with three arguments: apache2 -t fails');

($st, $out) = configtest('ISAPIFilterAllocLimit lots');
ok t_cmp($st, 1, 'a non-numeric ISAPIFilterAllocLimit: apache2 -t fails');
ok t_cmp($out, qr{ISAPIFilterAllocLimit: 'lots' is not a byte count},
         'the message names the directive and the bad value');
