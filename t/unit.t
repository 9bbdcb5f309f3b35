# The C unit tests of the bridge's core (t/unit/run.sh, no httpd),
# folded into the Apache::Test summary as one test.  Their own TAP is
# echoed as comments; failing lines are repeated as diagnostics.
use strict;
use warnings FATAL => 'all';

use Test::More tests => 1;

my $script = 't/unit/run.sh';
unless (-f $script) {
    fail("C unit tests: $script is missing");
    exit 0;
}

my $out = `sh $script 2>&1`;
my $status = $? >> 8;
print map { "# $_\n" } split /\n/, $out;
my @failed = grep { /^\s*not ok\b/ && !/#\s*TODO/i } split /\n/, $out;
# prove's totals, on stderr so the harness shows them (.ci/run adds them up).
my ($count) = $out =~ /^Files=\d+, Tests=(\d+)/m;
print STDERR "# C unit tests ($script): Tests=", $count // 0,
    ", exit status $status\n";
ok($status == 0 && !@failed, "C unit tests ($script) pass")
    or diag("exit status $status; failing:\n", map { "  $_\n" } @failed);
