# SF_NOTIFY_URL_MAP: the URL-to-file mapping a filter sees and may change
# (filter t/filters/req_url_map.c, scenario isf_req_url_map).  The filter
# adds one X-Map-* line per notification; LWP joins repeated lines with
# ", ", so a list shows every URL_MAP in order.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);

plan tests => 17, need_module('isapi_filter', 'dir');

Apache::TestRequest::module('isf_req_url_map');
my $docroot = Apache::Test::vars('documentroot');

my $res = GET '/req/index.html?x=1';
ok t_cmp($res->code, 200, 'a request seen by a URL_MAP filter is served');
ok t_cmp(scalar $res->header('X-Map-Url'), '[/req/index.html]',
         'URL_MAP is raised once for a plain file, with pszURL the URL path '
         . 'without the query string');
ok t_cmp(scalar $res->header('X-Map-Path'), "[$docroot/req/index.html]",
         'pszPhysicalPath is the file the URL maps to');
my $buff = scalar $res->header('X-Map-Buff') // 0;
ok t_cmp($buff >= 4096 ? 'at least 4096' : "only $buff", 'at least 4096',
         'cbPathBuff leaves room for a longer path (>= 4096 bytes)');
ok t_cmp(scalar $res->header('X-Map-PT'), "TRUE [$docroot/req/index.html]",
         'GetServerVariable("PATH_TRANSLATED") inside URL_MAP returns the '
         . 'path being mapped, without raising URL_MAP again');

$res = GET '/req/ind%65x.html';
ok t_cmp(scalar $res->header('X-Map-Url'), '[/req/index.html]',
         'pszURL is the decoded URL path');

# ---- Changing the physical path ---------------------------------------------
my @map = ('X-Test-Op' => 'map', 'X-Test-Path' => "$docroot/req/mapped.html");
$res = GET '/req/nothing-here.html';
ok t_cmp($res->code, 404,
         'control: the URL maps to no file unless the filter changes the path');
$res = GET '/req/nothing-here.html', @map,
           'X-Test-Map-Url' => '/req/nothing-here.html';
ok t_cmp($res->code, 200,
         'a pszPhysicalPath changed in URL_MAP is the file Apache serves');
ok t_cmp($res->content, qr/mapped page, served only through a URL_MAP path/,
         'the body is the content of the file the filter mapped to');
ok t_cmp(scalar $res->header('X-Map-Url'), '[/req/nothing-here.html]',
         'the URL is unchanged by a path change (URL_MAP raised once)');

# ---- Sub-requests: mod_dir's DirectoryIndex lookup --------------------------
$res = GET '/req/dir/';
ok t_cmp($res->code, 200, 'a directory URL is served through DirectoryIndex');
ok t_cmp($res->content, qr/directory index/, 'the directory index is served');
ok t_cmp(scalar $res->header('X-Map-Url'), '[/req/dir/], [/req/dir/index.html]',
         'URL_MAP is raised for the directory URL, then again for the '
         . 'DirectoryIndex sub-request with the index URL');
ok t_cmp(scalar $res->header('X-Map-Path'),
         "[$docroot/req/dir/], [$docroot/req/dir/index.html]",
         'each URL_MAP carries the physical path of its own URL');
ok t_cmp(scalar $res->header('X-Map-PT'),
         "TRUE [$docroot/req/dir/], TRUE [$docroot/req/dir/index.html]",
         'PATH_TRANSLATED inside the sub-request\'s URL_MAP is the index path');

$res = GET '/req/dir/', @map, 'X-Test-Map-Url' => '/req/dir/index.html';
ok t_cmp($res->code, 200,
         'a path change in the sub-request\'s URL_MAP still serves the index');
ok t_cmp($res->content, qr/mapped page/,
         'the DirectoryIndex sub-request serves the file its URL_MAP mapped to');
