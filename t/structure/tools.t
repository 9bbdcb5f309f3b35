# The client tools a test runs (curl, h2load, openssl, nghttp) go through
# ISF::Test::run_tool, which drops the sanitizer runtime that
# `make test-sanitize` preloads for httpd: curl under it hangs (a futex in
# its resolver thread), and a suite run with it never ends.  Backticks,
# qx// or system() with one of them in a test is a hang waiting for the
# sanitizer stage.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Find ();

my $top = Apache::Test::vars('top_dir');
my @tests;
File::Find::find(sub { push @tests, $File::Find::name if /\.(?:t|pm)\z/ },
                 "$top/t");

plan tests => 2, need_module 'isapi_filter';

my $tool = qr/(?:curl|h2load|nghttp|openssl)\b/;
my @bare;
for my $f (sort @tests) {
    next if $f =~ m{/t/logs/};
    open my $fh, '<', $f or die "$f: $!";
    while (my $line = <$fh>) {
        next if $line =~ /^\s*#/;
        if ($line =~ /`\s*$tool/ || $line =~ /\bqx\s*.\s*$tool/
            || $line =~ /\bsystem\s*\(?\s*(?:qq?\s*.)?['"]?\s*$tool/) {
            push @bare, "$f:$.: $line";
        }
    }
}
ok t_cmp(scalar(@tests) > 50 ? 1 : 0, 1, 'the tests are found');
ok t_cmp(join('', @bare), '', 'no client tool is run outside run_tool');
