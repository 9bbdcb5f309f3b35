# WindowsPaths and a client's backslashes: on Linux "%5c" in a URL is an
# ordinary character of a file name, so httpd maps /docs/..%5csecret.txt
# to DOCS/..\secret.txt, one name that does not exist.  The Windows form
# the filter is shown must not turn that name into separators and ".."
# components, or the path mapped back after the filter climbs out of the
# directory the URL was mapped to: out of DocumentRoot, and past
# ISAPIFilterWindowsRoot when the URL lies outside it.  IIS itself
# refuses such URLs before a filter sees them.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use File::Path ();
use ISF::Test qw(httpd_start);

plan tests => 8, need_module 'isapi_filter';

my $top  = Apache::Test::vars('top_dir');
my $base = "$top/t/logs/win32_backslash";
my $root = "$base/root";
File::Path::remove_tree($base);
File::Path::make_path("$root/c/InetPub/wwwroot", "$root/c/inetsrv",
                      "$base/docs");
sub put { open my $fh, '>', $_[0] or die "$_[0]: $!"; print $fh $_[1] }
put("$root/c/InetPub/wwwroot/page.txt", "public page\n");
put("$root/c/inetsrv/userdb.txt", "secret: user database\n");
put("$base/docs/hello.txt", "Hello\n");
put("$base/secret.txt", "secret: outside every alias\n");

my $s = httpd_start(<<"EOF2", keep => 1,
ISAPIFilterWindowsRoot $root
Alias /wwwroot/ $root/c/InetPub/wwwroot/
Alias /docs/ $base/docs/
<Directory $base>
    Require all granted
</Directory>
ISAPIFilter iis/UpCase/UpCase.dll WindowsPaths
EOF2
                    modules => [qw(mpm_event authz_core mime dir alias)]);
ok t_cmp($s->{started}, 1, 'a server with UpCase (WindowsPaths) starts')
    or print map { "# $_\n" } split /\n/, $s->{output} . $s->{error_log};
my $url = "http://127.0.0.1:$s->{port}";

ok t_cmp(GET("$url/wwwroot/page.txt")->code, 200,
         'a plain path below the root is served');

my $res = GET("$url/wwwroot/..%5c..%5cinetsrv%5cuserdb.txt");
ok t_cmp($res->code, 404,
         'C:\\InetPub\\wwwroot\\..\\..\\inetsrv spelt with %5c names no file');
ok $res->content !~ /secret/i;

$res = GET("$url/docs/..%5csecret.txt");
ok t_cmp($res->code, 404,
         'outside the root, DOCS/..\\secret.txt does not become '
         . 'BASE/secret.txt');
ok $res->content !~ /secret/i;
# A filter that edits the path: UpCase takes "\UC\" out.  Shown
# DOCS\UC\..\secret.txt it would leave DOCS\..\secret.txt.
$res = GET("$url/docs/UC/..%5csecret.txt");
ok t_cmp($res->code, 404, 'nor when the filter edits the path');
ok $res->content !~ /secret/i;
$s->{stop}->();
