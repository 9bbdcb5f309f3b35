# The SDK runtime's directives: ISAPIFilterWindowsRoot and
# ISAPIFilterRegistry (main server only, must exist), a DllMain that
# refuses to load, and a C++ filter built with isapi-cc (t/iis/HitCount).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use ISF::Test qw(httpd_start httpd_configtest);

plan tests => 11, need_module 'isapi_filter';

my $r = httpd_configtest("ISAPIFilterWindowsRoot logs/no/such/dir\n");
ok t_cmp($r->{status} != 0
         && $r->{output} =~ m{ISAPIFilterWindowsRoot: \S*logs/no/such/dir: },
         1, 'a missing Windows root stops start-up, naming it')
    or print "# $r->{output}\n";
$r = httpd_configtest("ISAPIFilterWindowsRoot conf/extra.conf\n");
ok t_cmp($r->{output}, qr/is not a directory/,
         'the Windows root must be a directory');
$r = httpd_configtest("ISAPIFilterRegistry logs/none.reg\n");
ok t_cmp($r->{status} != 0 && $r->{output} =~ m{ISAPIFilterRegistry: \S*logs/none\.reg},
         1, 'a missing registry file stops start-up, naming it');
$r = httpd_configtest("<VirtualHost 127.0.0.1:80>\n"
                      . "ISAPIFilterRegistry iis/AuthIni/AuthIni.reg\n"
                      . "</VirtualHost>\n");
ok t_cmp($r->{output}, qr/ISAPIFilterRegistry cannot occur within/,
         'the runtime is one per process: not inside <VirtualHost>');
$r = httpd_configtest("ISAPIFilterRegistry iis/AuthIni/AuthIni.reg\n");
ok t_cmp($r->{status}, 0, 'a registry file is accepted')
    or print "# $r->{output}\n";

$r = httpd_configtest("ISAPIFilter iis/DllRefuse/DllRefuse.dll\n");
ok t_cmp($r->{status} != 0, 1, 'a DllMain that says FALSE stops start-up');
ok t_cmp($r->{output},
         qr{DllRefuse\.dll: DllMain\(DLL_PROCESS_ATTACH\) returned FALSE \(error 1114\)},
         '... naming the file, DllMain and its GetLastError');
$r = httpd_configtest("LogLevel isapi_filter:debug\n"
                      . "ISAPIFilter iis/DllRefuse/DllRefuse.dll\n");
ok t_cmp($r->{output}, qr{DllRefuse: DLL_PROCESS_DETACH \(FreeLibrary\)},
         '... and hears DLL_PROCESS_DETACH at once, as LoadLibrary sends it');

my $s = httpd_start("ISAPIFilter iis/HitCount/HitCount.dll\n", keep => 1);
ok t_cmp($s->{started}, 1, 'a C++ filter with a .def file starts')
    or print map { "# $_\n" } split /\n/, $s->{output} . $s->{error_log};
my $url = "http://127.0.0.1:$s->{port}";
GET("$url/index.html?a=1");
my $res = GET("$url/index.html?b=2");
ok t_cmp($res->header('X-HitCount') // '', '/index.html 2 urls=1 age-ok=1',
         'its static std::map counts per URL (query cut with strchr)');
$res = GET("$url/");
ok t_cmp($res->header('X-HitCount') // '', '/ 1 urls=2 age-ok=1',
         'a second URL');
$s->{stop}->();
