# ServerSupportFunction: the documented result of every SF_REQ_* code,
# including the ones the bridge does not support and a code IIS never
# defined.  Site isf_cb_ssf: cb_ssf.so calls them from PREPROC_HEADERS and
# answers "X-CB-SSF-LABEL: OK/ERR[ RESULT]".
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses);
use ISF::CB qw(http_req read_until);

plan tests => 27, need_module 'isapi_filter';

my $M = 'isf_cb_ssf';

sub ssf {
    my @hdr = @_;
    my $raw = raw_request(module => $M,
        data => http_req('/index.html', 'X-CB-SSF' => 'codes', @hdr,
                         close => 1));
    my ($res) = parse_responses($raw);
    my %h = map { /^x-cb-ssf-(.*)/ ? ($1 => $res->{headers}->{$_}) : () }
        keys %{ $res->{headers} };
    return ($res, \%h);
}

my ($res, $h) = ssf();
ok t_cmp($res->{status}, 200, 'the request is served after the calls');
ok t_cmp($h->{'next-read'}, '1/0',
         'SF_REQ_SET_NEXT_READ_SIZE with a size: TRUE');
ok t_cmp($h->{'next-read-0'}, '0/87',
         'SF_REQ_SET_NEXT_READ_SIZE with 0: FALSE, ERROR_INVALID_PARAMETER');
ok t_cmp($h->{connid}, qr{^1/0 \d+$},
         'SF_REQ_GET_CONNID: TRUE and a connection id');
ok t_cmp($h->{'connid-null'}, '0/87',
         'SF_REQ_GET_CONNID without a buffer: ERROR_INVALID_PARAMETER');
ok t_cmp($h->{instance}, qr{^1/0 (?:[2-9]|[1-9]\d+)$},
         'SF_REQ_GET_PROPERTY(SF_PROPERTY_INSTANCE_NUM_ID): TRUE and the '
         . 'site number (a virtual host: not 1)');
ok t_cmp($h->{'ssl-ctxt'}, '0/50',
         'SF_REQ_GET_PROPERTY(SF_PROPERTY_SSL_CTXT): FALSE, '
         . 'ERROR_NOT_SUPPORTED (no SSPI context)');
ok t_cmp($h->{'property-77'}, '0/87',
         'SF_REQ_GET_PROPERTY with an unknown property: '
         . 'ERROR_INVALID_PARAMETER');
ok t_cmp($h->{normalize}, '1/0 /a/cA/~user?x=%41',
         'SF_REQ_NORMALIZE_URL: %xx decoded and dot segments removed in '
         . 'place, the query left alone');
ok t_cmp($h->{'normalize-above-root'}, '0/87 /../etc/passwd',
         'SF_REQ_NORMALIZE_URL above the root: FALSE, '
         . 'ERROR_INVALID_PARAMETER, buffer unchanged');
ok t_cmp($h->{'normalize-bad-escape'}, '0/87 /a%zz',
         'SF_REQ_NORMALIZE_URL with a bad escape: FALSE, '
         . 'ERROR_INVALID_PARAMETER, buffer unchanged');
ok t_cmp($h->{'proxy-info'}, '0/50',
         'SF_REQ_SET_PROXY_INFO: FALSE, ERROR_NOT_SUPPORTED');
ok t_cmp($h->{'certificate-info'}, '0/50',
         'SF_REQ_SET_CERTIFICATE_INFO: FALSE, ERROR_NOT_SUPPORTED');
ok t_cmp($h->{'unknown-code'}, '0/87',
         'an undefined SF_REQ code: FALSE, ERROR_INVALID_PARAMETER');
ok t_cmp($h->{'disable-none'}, '0/87',
         'SF_REQ_DISABLE_NOTIFICATIONS with no bits: '
         . 'ERROR_INVALID_PARAMETER');
ok t_cmp($h->{'head-bad-status'}, '0/87',
         'SF_REQ_SEND_RESPONSE_HEADER with a status that is not '
         . '"NNN reason": ERROR_INVALID_PARAMETER, nothing sent');
ok t_cmp($h->{'head-status-999'}, '0/87',
         'SF_REQ_SEND_RESPONSE_HEADER with status 999: '
         . 'ERROR_INVALID_PARAMETER');
ok t_cmp($h->{denial}, '1/0', 'SF_REQ_ADD_HEADERS_ON_DENIAL: TRUE');
ok t_cmp($res->{headers}->{'x-cb-denial'}, undef,
         'SF_REQ_ADD_HEADERS_ON_DENIAL lines stay off a 200 response');

($res, $h) = ssf('X-CB-Deny' => 1);
ok t_cmp($res->{status}, 401, 'ERROR_ACCESS_DENIED from URL_MAP: 401');
ok t_cmp($res->{headers}->{'x-cb-denial'}, 'yes',
         'SF_REQ_ADD_HEADERS_ON_DENIAL lines are added to the 401');

# Connection ids: the same on one connection, different on two.
my $sock = raw_connect(module => $M);
print $sock http_req('/index.html', 'X-CB-SSF' => 'codes');
my ($a1) = parse_responses(read_until($sock, qr/<\/html>\n/));
print $sock http_req('/index.html', 'X-CB-SSF' => 'codes', close => 1);
my ($a2) = parse_responses(scalar ISF::Test::read_response_bytes($sock));
close $sock;
ok t_cmp($a2->{headers}->{'x-cb-ssf-connid'},
         $a1->{headers}->{'x-cb-ssf-connid'},
         'SF_REQ_GET_CONNID: the same id for requests on one connection');
ok t_cmp($a1->{headers}->{'x-cb-ssf-connid'} ne $h->{connid} ? 1 : 0, 1,
         'SF_REQ_GET_CONNID: another connection has another id');

# SEND_RESPONSE_HEADER: once per request.
my $raw = raw_request(module => $M,
    data => http_req('/index.html', 'X-CB-SSF' => 'head')
          . http_req('/index.html', 'X-CB-SSF' => 'nullhead', close => 1));
my @res = parse_responses($raw);
ok t_cmp($res[0]->{body}, "second=0/87    \n",
         'a second SF_REQ_SEND_RESPONSE_HEADER in one request: FALSE, '
         . 'ERROR_INVALID_PARAMETER');
ok t_cmp(scalar(() = $raw =~ /^HTTP\/1\.1 /mg), 2,
         'only one head was sent for that request (and the connection '
         . 'was kept: Content-Length matched)');
ok t_cmp("$res[1]->{status} $res[1]->{reason}", '200 OK',
         'SF_REQ_SEND_RESPONSE_HEADER with a NULL status sends 200 OK');
ok t_cmp($res[1]->{body}, "ok\n", 'and the filter\'s body follows it');
