# Header and response splitting through the filter callbacks: every
# attempt to put CR or LF where a header line ends (SetHeader, AddHeader,
# AddResponseHeaders, SF_REQ_SEND_RESPONSE_HEADER,
# SF_REQ_ADD_HEADERS_ON_DENIAL, the url and status pseudo-headers) is
# refused with ERROR_INVALID_PARAMETER, a refused block adds nothing at
# all, and no header named X-Evil reaches the client.  (NUL cannot be
# smuggled: these callbacks take C strings, which end at the first NUL.)
# Site isf_cb_inject runs cb_inject.so.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req);

my @PRE = qw(Set-Req-CRLF Add-Req-LF Set-Req-CR Set-Req-Name Set-Url-CRLF
             Arh-Blank-Line Arh-Bare-CR Arh-Fold Arh-No-Colon Arh-Bad-Name
             Denial-Blank-Line Denial-Bare-CR Denial-No-Colon);
my @SEND = qw(Set-Resp-CRLF Add-Resp-LF Status-CRLF Add-Resp-Name);
my @HEAD = qw(Head-Status Head-Blank-Line Head-Bare-CR Head-Fold);

plan tests => @PRE + @SEND + @HEAD + 12, need_module 'isapi_filter';

my $M = 'isf_cb_inject';

sub get {
    my @hdr = @_;
    my $raw = raw_request(module => $M,
        data => http_req('/index.html', @hdr, close => 1));
    return ((parse_responses($raw))[0], $raw);
}

# Nothing but our report headers may mention the payload.
sub evil_free {
    my $raw = shift;
    return $raw =~ /^X-Evil/mi ? 0 : 1;
}

my ($res, $raw) = get();
ok t_cmp($res->{status}, 200, 'the request is served after the attempts');
for my $label (@PRE) {
    ok t_cmp($res->{headers}->{lc "x-cb-inj-$label"}, '0/87',
             "$label (PREPROC_HEADERS): refused with "
             . 'ERROR_INVALID_PARAMETER');
}
for my $label (@SEND) {
    ok t_cmp($res->{headers}->{lc "x-cb-inj-$label"}, '0/87',
             "$label (SEND_RESPONSE): refused with ERROR_INVALID_PARAMETER");
}
ok t_cmp($res->{headers}->{'x-cb-inj-req-in'}, '0/1413',
         'a refused request header is not set (GetHeader: '
         . 'ERROR_INVALID_INDEX)');
ok t_cmp(evil_free($raw), 1,
         'no injected header line reaches the client');
ok t_cmp($res->{headers}->{'x-cb-arh'}, undef,
         'a refused AddResponseHeaders block adds none of its lines');
ok t_cmp($res->{headers}->{'x-cb-out'}, undef,
         'a refused SetHeader/AddHeader leaves the response header unset');
ok t_cmp($res->{body}, "<html><body>mod_isapi_filter test server</body>"
                       . "</html>\n",
         'the status line and body are Apache\'s, unsplit');

($res, $raw) = get('X-CB-Deny' => 1);
ok t_cmp($res->{status}, 401, 'a filter-denied request is a 401');
ok t_cmp(evil_free($raw), 1,
         'no refused ADD_HEADERS_ON_DENIAL line reaches the 401');
ok t_cmp($res->{headers}->{'x-cb-den'}, undef,
         'a refused ADD_HEADERS_ON_DENIAL block adds none of its lines');

# SF_REQ_SEND_RESPONSE_HEADER with split status and header blocks; the
# filter then sends a clean head that carries the results.
($res, $raw) = get('X-CB-Inject' => 'head');
ok t_cmp($res->{status}, 200, 'the filter\'s clean head is sent');
for my $label (@HEAD) {
    ok t_cmp($res->{headers}->{lc "x-cb-inj-$label"}, '0/87',
             "SEND_RESPONSE_HEADER $label: refused with "
             . 'ERROR_INVALID_PARAMETER, nothing sent');
}
ok t_cmp(scalar(() = $raw =~ /^HTTP\/1\.1 /mg), 1,
         'only one status line went out: the refused heads sent nothing');
ok t_cmp(evil_free($raw), 1,
         'no injected line reaches the client through a filter head');
