# What the SDK runtime, sdk/lib/libisapiwin32.so, exports: exactly the
# functions its public headers declare (sdk/include), so a filter can
# link nothing the SDK does not document, and none of the runtime's own
# isw_* helpers.  Its unresolved symbols come from the C library alone.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Find ();
use File::Spec::Functions qw(catfile);

my $top = Apache::Test::vars('top_dir');
my $so  = catfile($top, 'sdk', 'lib', 'libisapiwin32.so');
my $nm  = -f $so ? `nm -D --defined-only '$so' 2>/dev/null` : '';

plan tests => 3, need { 'the SDK runtime is built' => $nm ne '' };

my @syms = sort map { (split ' ')[2] } grep { /\s[TWDBVR]\s/ }
           split /\n/, $nm;
my $headers = '';
File::Find::find(sub {
    return unless /\.h$/;
    open my $fh, '<', $_ or die "$File::Find::name: $!";
    local $/;
    $headers .= <$fh>;
}, catfile($top, 'sdk', 'include'));

# isapi_NAME is what a header binds NAME to (an asm label), for the C
# library functions whose Windows behaviour differs (printf's formats,
# 16-bit wide strings).
my @undeclared = grep {
    (my $name = $_) =~ s/^isapi_(?=(?:v?[sf]?w?printf|vsn?printf|sn?w?printf|wcs|wmem|mbs))//;
    $headers !~ /\b\Q$name\E\s*\(/
} @syms;
ok t_cmp("@undeclared", '',
         'every exported function is declared in a public SDK header');
ok t_cmp(join(' ', grep { /^isw_/ } @syms), '',
         'no runtime-internal isw_ symbol is exported');
ok t_cmp(scalar(@syms) > 100, 1,
         'the runtime exports the Win32 surface (' . scalar(@syms)
         . ' functions)');
