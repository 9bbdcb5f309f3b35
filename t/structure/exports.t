# What mod_isapi_filter.so exports into httpd's global namespace: the
# module record, and the SDK functions filters link against
# (GetLastError, SetLastError).  Everything else is built hidden, so no
# bridge symbol can collide with another module's or a filter's.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);

my $so = catfile(Apache::Test::vars('top_dir'), '.libs',
                 'mod_isapi_filter.so');
my $nm = `nm -D --defined-only '$so' 2>/dev/null`;

plan tests => 3, need { 'nm -D lists the module\'s symbols' => $nm ne '' },
                      need_module('isapi_filter');

my @syms = sort map { (split ' ')[2] } grep { /\s[A-Z]\s/ } split /\n/, $nm;
ok t_cmp("@syms", 'GetLastError SetLastError isapi_filter_module',
         'the .so exports the module record and the SDK functions only');
ok t_cmp(scalar(grep { /^isf_/ } @syms), 0, 'no bridge symbol is exported');

# A filter resolves GetLastError against the module: the symbol is a
# function, and a function of this module.
ok t_cmp(scalar(grep { /\sT\s+(Get|Set)LastError$/ } split /\n/, $nm), 2,
         'GetLastError and SetLastError are the module\'s own functions');
