# AllocMem: memory that lives as long as the connection, counted against
# ISAPIFilterAllocLimit per connection (4096 in site isf_cb_alloc); past
# the limit IIS-style NULL with ERROR_NOT_ENOUGH_MEMORY, and a zero size
# is ERROR_INVALID_PARAMETER.  cb_alloc.so allocates the sizes listed in
# "X-CB-Alloc" and answers "X-CB-Alloc: ok,null 8,...".
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses);
use ISF::CB qw(http_req read_until);

plan tests => 7, need_module 'isapi_filter';

my $M = 'isf_cb_alloc';

sub alloc {
    my $sizes = shift;
    my $raw = raw_request(module => $M,
        data => http_req('/index.html', 'X-CB-Alloc' => $sizes, close => 1));
    return (parse_responses($raw))[0]->{headers}->{'x-cb-alloc'};
}

ok t_cmp(alloc('16 1000'), 'ok,ok',
         'AllocMem returns writable memory of the size asked for');
ok t_cmp(alloc('4096'), 'ok',
         'AllocMem up to ISAPIFilterAllocLimit succeeds');
ok t_cmp(alloc('4000 100 96'), 'ok,null 8,ok',
         'AllocMem past the per-connection limit: NULL, '
         . 'ERROR_NOT_ENOUGH_MEMORY; smaller blocks still fit');
ok t_cmp(alloc('5000'), 'null 8',
         'a single block larger than the limit: NULL, '
         . 'ERROR_NOT_ENOUGH_MEMORY');
ok t_cmp(alloc('0'), 'null 87',
         'AllocMem of 0 bytes: NULL, ERROR_INVALID_PARAMETER');

# The budget is per connection: it carries over keep-alive requests and
# starts again on a new connection.
my $sock = raw_connect(module => $M);
print $sock http_req('/index.html', 'X-CB-Alloc' => '3000');
my ($r1) = parse_responses(read_until($sock, qr/<\/html>\n/));
print $sock http_req('/index.html', 'X-CB-Alloc' => '3000', close => 1);
my ($r2) = parse_responses(scalar ISF::Test::read_response_bytes($sock));
close $sock;
ok t_cmp("$r1->{headers}->{'x-cb-alloc'} / $r2->{headers}->{'x-cb-alloc'}",
         'ok / null 8',
         'AllocMem memory lives with the connection: the second request '
         . 'on it finds the budget used');
ok t_cmp(alloc('3000'), 'ok',
         'a new connection has the whole budget again');
