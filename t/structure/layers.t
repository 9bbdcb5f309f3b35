# The bridge's layers (README, "Design"), top down: hooks/, raw/,
# runtime/, core/.  A file includes the headers of its own layer and of
# the layers below it, never above; core/ includes no httpd header at
# all, so the unit tests and fuzzers build it with APR alone.  The layer
# headers are the only headers a layer has besides raw/'s two halves.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);

my $top = Apache::Test::vars('top_dir');
my @layers = qw(hooks raw runtime core);
my %rank = map { $layers[$_] => $_ } 0 .. $#layers;

my %files;
for my $l (@layers) {
    $files{$l} = [ sort glob catfile($top, 'bridge', $l, '*.[ch]') ];
}

plan tests => 4, need_module 'isapi_filter';

my @up;
my @httpd_in_core;
for my $l (@layers) {
    for my $f (@{ $files{$l} }) {
        open my $fh, '<', $f or die "$f: $!";
        while (<$fh>) {
            next unless /^\s*#\s*include\s+"([^"]+)"/;
            my $inc = $1;
            if ($inc =~ m{^(\w+)/} && exists $rank{$1}
                && $rank{$1} < $rank{$l}) {
                push @up, "$f includes $inc";
            }
            if ($l eq 'core' && $inc =~ /^(?:httpd|http_|util_|ap_)/) {
                push @httpd_in_core, "$f includes $inc";
            }
        }
    }
}
ok t_cmp(join("\n", @up), '', 'no file includes a layer above its own');
ok t_cmp(join("\n", @httpd_in_core), '', 'core/ includes no httpd header');

# Every source file of the bridge sits in a layer folder (the SDK's
# headers are sdk/include/, outside the bridge).
my @loose = grep { -f } glob catfile($top, 'bridge', '*.[ch]');
ok t_cmp("@loose", '', 'no bridge source outside a layer folder');

# The SDK (sdk/include, sdk/runtime) stands alone: filters and the runtime
# build with no httpd, APR or bridge header.
my @sdk_leaks;
for my $f (sort(glob(catfile($top, 'sdk', 'include', '*.h'))),
           sort(glob(catfile($top, 'sdk', 'include', 'isapi', '*.h'))),
           sort(glob(catfile($top, 'sdk', 'runtime', '*.[ch]')))) {
    open my $fh, '<', $f or die "$f: $!";
    while (<$fh>) {
        next unless /^\s*#\s*include\s+["<]([^">]+)[">]/;
        my $inc = $1;
        if ($inc =~ m{^(?:httpd|http_|util_|ap_|apr|apu|core/|runtime/|raw/|hooks/)}) {
            push @sdk_leaks, "$f includes $inc";
        }
    }
}
ok t_cmp(join("\n", @sdk_leaks), '',
         'the SDK includes no httpd, APR or bridge header');
