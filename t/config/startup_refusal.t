# A filter library that cannot be used stops the server from starting,
# with a message naming the file (IIS would log and skip it; the module's
# brief is to refuse to start instead).  Uses throwaway servers.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use ISF::Test qw(httpd_configtest httpd_start);

plan tests => 9, need_module 'isapi_filter';

my $r = httpd_configtest('ISAPIFilter filters/tag_response.so');
ok t_cmp($r->{status}, 0, 'a good filter passes apache2 -t')
    or note($r->{output});

my %bad = (
    'filters/does_not_exist.so' => 'a missing filter file',
    'filters/no_proc.so'        => 'a filter without HttpFilterProc',
    'filters/version_false.so'  => 'GetFilterVersion returning FALSE',
);
for my $file (sort keys %bad) {
    my $s = httpd_start("ISAPIFilter $file");
    ok t_cmp($s->{started}, 0, "server does not start: $bad{$file}");
    ok t_cmp($s->{output} . $s->{error_log}, qr/\Q$file\E/,
             "the refusal names the file: $bad{$file}");
}

# Positive control for httpd_start itself: a good server-level (global)
# filter starts, and runs for the requests of that server.
my $s = httpd_start('ISAPIFilter filters/tag_response.so', keep => 1);
ok t_cmp($s->{started}, 1, 'a good filter starts a throwaway server')
    or note($s->{output}, $s->{error_log});
my $res = GET("http://127.0.0.1:$s->{port}/index.html");
ok t_cmp($res->header('X-ISF-Tag'), 'tag_response',
         'a global filter sees the requests of its server');
$s->{stop}->();

# Test.pm (which Apache::Test uses) has no diag(): comment lines by hand.
sub note { print map { "# $_\n" } map { split /\n/ } @_; 1 }
