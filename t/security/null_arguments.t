# NULL (and forged) arguments to every callback: FALSE or NULL with
# ERROR_INVALID_PARAMETER, never a crash.  A forged HTTP_FILTER_CONTEXT
# (a copy of the real one) is refused the same way.  Site isf_cb_null
# runs cb_null.so, which makes the calls in PREPROC_HEADERS and
# AUTH_COMPLETE and answers "X-CB-Null-LABEL: OK/ERR".
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req);

my @CTX = qw(GSV-Pfc GSV-Name GSV-Size GSV-Buffer GSV-Forged
             ARH-Pfc ARH-Headers ARH-Forged
             WC-Pfc WC-Buffer WC-Size WC-Forged
             Alloc-Pfc Alloc-Zero Alloc-Forged
             SSF-Pfc SSF-Forged SSF-Connid SSF-Property SSF-Normalize
             SSF-Denial);
my @HDR = qw(Get-Pfc Get-Name Get-Size Get-Buffer Get-Forged
             Set-Pfc Set-Name Set-Forged Add-Pfc Add-Name Add-Value);

plan tests => @CTX + 2 * @HDR + 7, need_module 'isapi_filter';

my $raw = raw_request(module => 'isf_cb_null',
    data => http_req('/index.html', close => 1));
my ($res) = parse_responses($raw);
my $h = $res->{headers};
ok t_cmp($res->{status}, 200,
         'the server survived every call and served the request');
for my $label (@CTX) {
    ok t_cmp($h->{lc "x-cb-null-$label"}, '0/87',
             "$label: FALSE/NULL with ERROR_INVALID_PARAMETER");
}
for my $ev (qw(Pre Auth)) {
    for my $label (@HDR) {
        ok t_cmp($h->{lc "x-cb-null-$ev-$label"}, '0/87',
                 ($ev eq 'Pre' ? 'PREPROC_HEADERS' : 'AUTH_COMPLETE')
                 . " $label: FALSE with ERROR_INVALID_PARAMETER");
    }
}
ok t_cmp($h->{'x-cb-null-pre-set-value-delete'}, '1/0',
         'SetHeader with a NULL value deletes the header (TRUE), as '
         . 'documented');
ok t_cmp($h->{'x-cb-null-auth-set-value-delete'}, '1/0',
         'AUTH_COMPLETE SetHeader with a NULL value deletes (TRUE)');
ok t_cmp($h->{'x-cb-null-token'}, '0/50',
         'GetUserToken: FALSE, ERROR_NOT_SUPPORTED (no Windows tokens), '
         . 'even with a NULL pointer');
ok t_cmp($h->{'x-cb-null-token-pfc'}, '0/50',
         'GetUserToken with a NULL context: FALSE, no crash');
ok t_cmp($h->{'x-cb-n'}, undef, 'no forged call added a header');
ok t_cmp($res->{body}, qr/mod_isapi_filter test server/,
         'the failed WriteClient calls wrote nothing into the response');
