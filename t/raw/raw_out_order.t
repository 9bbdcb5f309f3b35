# SEND_RAW_DATA runs in reverse priority order (IIS: a high priority means
# closest to the client), and each filter sees what the filters before it
# left.  rawout_order_a turns "fox" into "cat", rawout_order_b "cat" into
# "dog"; both tag the response (X-Order: A / B) in SEND_RESPONSE, which
# runs in the normal order (HIGH first).  Scenarios: isf_rawout_order
# (b High, a Low) and isf_rawout_order_swap (b Low, a High).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use ISF::RawOut qw(gen_file);

plan tests => 6, need_module 'isapi_filter';

my $url = gen_file('fox.txt', "the quick brown fox jumps over the lazy dog\n");

Apache::TestRequest::module('isf_rawout_order');
my $res = GET $url;
ok t_cmp($res->code, 200, 'b High + a Low: 200');
ok t_cmp($res->content, "the quick brown dog jumps over the lazy dog\n",
         'SEND_RAW_DATA: the Low filter ran first, the High filter saw its '
         . 'change (fox -> cat -> dog)');
ok t_cmp(join(', ', $res->header('X-Order')), 'B, A',
         'SEND_RESPONSE: the High filter ran first');

Apache::TestRequest::module('isf_rawout_order_swap');
$res = GET $url;
ok t_cmp($res->code, 200, 'b Low + a High: 200');
ok t_cmp($res->content, "the quick brown cat jumps over the lazy dog\n",
         'SEND_RAW_DATA: priority, not configuration order, decides '
         . '(cat -> dog ran before fox -> cat)');
ok t_cmp(join(', ', $res->header('X-Order')), 'A, B',
         'SEND_RESPONSE: the High filter ran first');
