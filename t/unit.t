# The C tests that need no httpd, each script folded into the
# Apache::Test summary as one test: the bridge's core (t/unit/run.sh), the
# SDK runtime (sdk/runtime/tests/run.sh) and isapi-cc (sdk/tests/run.sh).
# Their own TAP is echoed as comments; failing lines are repeated as
# diagnostics.
use strict;
use warnings FATAL => 'all';

use Test::More;

my @scripts = ('t/unit/run.sh', 'sdk/runtime/tests/run.sh',
               'sdk/tests/run.sh');
plan tests => scalar @scripts;

for my $script (@scripts) {
    unless (-f $script) {
        fail("C unit tests: $script is missing");
        next;
    }
    my $out = `sh $script 2>&1`;
    my $status = $? >> 8;
    print map { "# $_\n" } split /\n/, $out;
    my @failed = grep { /^\s*not ok\b/ && !/#\s*TODO/i } split /\n/, $out;
    # prove's totals, on stderr so the harness shows them (.ci/run adds
    # them up).
    my ($count) = $out =~ /^Files=\d+, Tests=(\d+)/m;
    # A script that prints its TAP itself, without prove's totals.
    $count //= () = $out =~ /^(?:not )?ok\b/mg;
    print STDERR "# C unit tests ($script): Tests=", $count // 0,
        ", exit status $status\n";
    ok($status == 0 && !@failed, "C unit tests ($script) pass")
        or diag("exit status $status; failing:\n", map { "  $_\n" } @failed);
}
