# WindowsPaths (ISAPIFilter ... WindowsPaths): t/iis/UpCase looks for
# "\UC\" in URL_MAP's physical path, takes it out and upper-cases the
# body, as IIS samples did.  The filter sees paths below
# ISAPIFilterWindowsRoot as C:\..., others with backslashes, and the path
# it leaves is mapped back, found case-insensitively.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use File::Path ();
use ISF::Test qw(httpd_start httpd_configtest);

plan tests => 12, need_module 'isapi_filter';

my $top  = Apache::Test::vars('top_dir');
my $base = "$top/t/logs/win32_upcase";
my $root = "$base/root";
File::Path::remove_tree($base);
File::Path::make_path("$root/c/InetPub/wwwroot", "$base/docs");
sub put { open my $fh, '>', $_[0] or die "$_[0]: $!"; print $fh $_[1] }
put("$root/c/InetPub/wwwroot/Page.txt", "inside the windows root\n");
put("$base/docs/hello.txt", "Hello, Upper World\n");

my $conf = <<"EOF";
ISAPIFilterWindowsRoot $root
Alias /wwwroot/ $root/c/InetPub/wwwroot/
Alias /docs/ $base/docs/
EOF
my $s = httpd_start($conf . "ISAPIFilter iis/UpCase/UpCase.dll WindowsPaths\n",
                    keep => 1, modules => [qw(mpm_event authz_core mime dir
                                               alias)]);
ok t_cmp($s->{started}, 1, 'a server with UpCase (WindowsPaths) starts')
    or print map { "# $_\n" } split /\n/, $s->{output} . $s->{error_log};
my $url = "http://127.0.0.1:$s->{port}";

my $res = GET("$url/wwwroot/uc/page.txt");
ok t_cmp($res->header('X-UpCase-Seen') // '',
         'C:\\InetPub\\wwwroot\\uc\\page.txt',
         'below the root the filter sees a drive path with backslashes');
ok t_cmp($res->code, 200,
         'the path it left (C:\\InetPub\\wwwroot\\page.txt) maps back, '
         . 'found case-insensitively');
ok t_cmp($res->content, "INSIDE THE WINDOWS ROOT\n",
         'and the body went out in upper case');

$res = GET("$url/docs/UC/hello.txt");
ok t_cmp($res->header('X-UpCase-Seen') // '',
         qr{^\\.*\\t\\logs\\win32_upcase\\docs\\UC\\hello\.txt$},
         'outside the root: the Unix path with backslashes, no drive');
ok t_cmp($res->code, 200, 'its answer maps back to the Unix path');
ok t_cmp($res->content, "HELLO, UPPER WORLD\n", 'upper-cased');

$res = GET("$url/docs/hello.txt");
ok t_cmp($res->content, "Hello, Upper World\n",
         'a path without \\UC\\ is served as it is');
$s->{stop}->();

# Without the option the filter sees Unix paths, finds no "\UC\", and the
# /UC/ URL names nothing.
$s = httpd_start($conf . "ISAPIFilter iis/UpCase/UpCase.dll\n", keep => 1,
                 modules => [qw(mpm_event authz_core mime dir alias)]);
$res = GET("http://127.0.0.1:$s->{port}/docs/UC/hello.txt");
ok t_cmp($res->header('X-UpCase-Seen') // '', qr{^/.*/docs/UC/hello\.txt$},
         'without WindowsPaths the filter sees the Unix path');
ok t_cmp($res->code, 404, '... and cannot do its work');
$s->{stop}->();

my $r = httpd_configtest(
    "ISAPIFilter filters/tag_response.so WindowsPaths\n");
ok t_cmp($r->{output}, qr/filters\/tag_response\.so: WindowsPaths needs a filter built with isapi-cc/,
         'WindowsPaths on a filter without the SDK runtime stops start-up');
$r = httpd_configtest(
    "ISAPIFilter iis/UpCase/UpCase.dll WindowsPaths High WindowsPaths\n");
ok t_cmp($r->{status} != 0 && $r->{output} =~ /ISAPIFilter takes|given twice/,
         1, 'an option given twice is refused');
