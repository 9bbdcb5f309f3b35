# A filter in the form the Visual C++ ISAPI Extension Wizard generated
# (t/iis/WizFilter: StdAfx.h with afx.h/afxwin.h/afxisapi.h, a CHttpFilter
# subclass with the ClassWizard blocks, `CWizFilter theFilter;`, the
# library's GetFilterVersion/HttpFilterProc named in the .def, a .rc with
# STRINGTABLE and VERSIONINFO), built unmodified with isapi-cc and run as a
# global filter.  Every notification it registers is checked: the headers
# its handlers add, the description LoadString took from the STRINGTABLE
# in the ISF3 start-up line, the version GetFileVersionInfo/VerQueryValue
# read from the DLL's own VERSIONINFO, a page of its own written with
# ServerSupportFunction and WriteClient, LOG/END_OF_REQUEST/
# END_OF_NET_SESSION through OutputDebugString, and a CMemoryException
# thrown from a handler: contained, 500, logged with the filter's name, the
# child serving on.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use MIME::Base64 ();
use ISF::Test qw(httpd_start httpd_configtest raw_request parse_responses);

plan tests => 33, need_module 'isapi_filter';

my $conf = <<"EOF";
LogLevel info isapi_filter:debug
ISAPIFilter iis/WizFilter/WizFilter.dll
EOF
my $t = httpd_configtest($conf);
ok t_cmp($t->{status}, 0, 'apache2 -t accepts the wizard filter')
    or print map { "# $_\n" } split /\n/, $t->{output};

# GetFilterVersion: the base set HTTP_FILTER_REVISION, the wizard's code
# replaced the order and added its notifications, and the description is
# the STRINGTABLE's IDS_FILTER, through LoadString.
my ($loaded) = $t->{output} =~ /(ISF3: loaded \S*WizFilter\.dll .*)/;
ok t_cmp($loaded // $t->{output},
         qr/\(WizFilter Filter \(from the STRINGTABLE\)\)/,
         'ISF3: the description came from the STRINGTABLE');
ok t_cmp($loaded // '', qr/version 0x00060000 /,
         'the base GetFilterVersion set HTTP_FILTER_REVISION');
ok t_cmp($loaded // '', qr/flags 0x0002f7c3 as a global filter/,
         'dwFlags: ORDER_LOW, both ports and the eleven notifications');

my $s = httpd_start($conf, keep => 1);
ok t_cmp($s->{started}, 1, 'a server with the filter starts')
    or print map { "# $_\n" } split /\n/, $s->{output} . $s->{error_log};

sub get {
    my ($path, $user, $pass) = @_;
    my @auth = defined $user
        ? (Authorization => 'Basic '
               . MIME::Base64::encode_base64("$user:$pass", ''))
        : ();
    return GET("http://127.0.0.1:$s->{port}$path", @auth);
}

# A 500 the server sent, not one LWP made up for a connection that died.
sub served {
    my $res = shift;
    return $res->code . (defined $res->header('Client-Warning')
                         ? ' (' . $res->header('Client-Warning') . ': '
                           . $res->message . ')' : '');
}

my $res = get('/index.html?q=1');
ok t_cmp($res->code, 200, 'an anonymous request passes');
ok t_cmp($res->content, qr/mod_isapi_filter test server/, '... with its body');
ok t_cmp($res->header('X-Wiz-Upper') // '', '/INDEX.HTML',
         'PREPROC_HEADERS: GetHeader("url") into GetBuffer, Find/Left, '
         . 'MakeUpper');
ok t_cmp($res->header('X-Wiz-Port') // '', $s->{port},
         'CHttpFilterContext::GetServerVariable("SERVER_PORT")');
ok t_cmp($res->header('X-Wiz-Version') // '', '1.4.0.14 (1, 4, 0, 0)',
         'VERSIONINFO read back through GetModuleFileName('
         . 'AfxGetResourceHandle()), GetFileVersionInfo, VerQueryValue');
ok t_cmp($res->header('X-Wiz-Auth') // '', 'anonymous',
         'AUTHENTICATION: an empty user is anonymous');
ok t_cmp($res->header('X-Wiz-Map') // '', '/index.html -> index.html',
         'URL_MAP: the URL and the file it maps to (CString Find, Mid)');
ok t_cmp($res->header('X-Wiz-Sent') // '', 'status=200 user=anonymous',
         'SEND_RESPONSE: SetHeader with the status, the AllocMem context '
         . 'kept the user');
ok t_cmp($res->header('X-Wiz-Conn') // '', 'requests=1',
         'READ_RAW_DATA made the connection context first');
my $pid = $res->header('X-Wiz-Pid') // -1;

$res = get('/index.html', 'wizard', 'oz');
ok t_cmp($res->code, 200, 'user wizard, password oz: in');
ok t_cmp($res->header('X-Wiz-Auth') // '', 'WIZARD',
         'AUTHENTICATION rewrote the user in its buffer');
ok t_cmp($res->header('X-Wiz-Sent') // '', 'status=200 user=WIZARD',
         'SEND_RESPONSE sees the same connection context');

$res = get('/index.html', 'wizard', 'wrong');
ok t_cmp($res->code, 401,
         'a wrong password: SF_STATUS_REQ_ERROR with ERROR_ACCESS_DENIED');

$res = get('/wiz/deny/secret.txt');
ok t_cmp($res->code, 403,
         'ServerSupportFunction(SF_REQ_SEND_RESPONSE_HEADER), MFC style');
ok t_cmp($res->content,
         "Access to /wiz/deny/secret.txt is denied by WizFilter.\r\n",
         'WriteClient wrote the body, formatted from a STRINGTABLE string');
ok t_cmp($res->header('Content-Type') // '', qr{^text/plain},
         'the extra headers passed in lpdwSize reached the client');

$res = get('/wiz/throw');
ok t_cmp(served($res), 500,
         'a CMemoryException out of OnUrlMap: SF_STATUS_REQ_ERROR, 500');
$res = get('/index.html');
ok t_cmp($res->code, 200, 'the next request is served');
ok t_cmp($res->header('X-Wiz-Pid') // 0, $pid, '... by the same child');

# Two requests on one connection: END_OF_REQUEST for each, one
# END_OF_NET_SESSION with the bytes both raw notifications counted.
my $raw = raw_request(port => $s->{port},
                      data => "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n"
                            . "GET /index.html?two HTTP/1.1\r\nHost: x\r\n"
                            . "Connection: close\r\n\r\n");
my @r = parse_responses($raw);
ok t_cmp(join(',', map { "$_->{status} "
                         . ($_->{headers}{'x-wiz-conn'} // '-') } @r),
         '200 requests=1,200 requests=2',
         'two requests on one connection share the AllocMem context');

$s->{stop}->();
my $elog = do { local (@ARGV, $/) = "$s->{dir}/error_log"; <> };
my @lines = split /\n/, $elog;
my @dbg = map { /ISF57: \S*WizFilter\.dll: OutputDebugString: WizFilter: (.*)/ ? $1 : () } @lines;

ok t_cmp((grep { /^GetFilterVersion flags 0x0002f7c3 version 1\.4\.0\.14 / } @dbg) ? 1 : 0, 1,
         'the child ran GetFilterVersion')
    or print map { "# $_\n" } @dbg;
ok t_cmp((grep { m{^OnLog GET /index\.html 200 user=WIZARD$} } @dbg) ? 1 : 0, 1,
         'LOG: the operation, target, status and the rewritten user');
ok t_cmp((grep { m{^OnLog GET /wiz/deny/secret\.txt 403 } } @dbg) ? 1 : 0, 1,
         'LOG: the filter\'s own 403');
ok t_cmp(scalar(grep { /^OnEndOfRequest 2$/ } @dbg), 1,
         'END_OF_REQUEST for the second request of a connection');
my ($eons) = grep { /^OnEndOfNetSession requests=2 / } @dbg;
ok t_cmp($eons // '', qr/^OnEndOfNetSession requests=2 read=(\d+) sent=(\d+)$/,
         'END_OF_NET_SESSION once for the two-request connection');
my ($read, $sent) = ($eons // '') =~ /read=(\d+) sent=(\d+)/;
ok t_cmp(($read // 0) >= 80 && ($sent // 0) > 200 ? 1 : 0, 1,
         'READ_RAW_DATA and SEND_RAW_DATA counted both requests\' bytes')
    or print "# $eons\n";

my @exc = grep { /WizFilter\.dll/ && /exception/i } @lines;
ok t_cmp(join("\n", @exc),
         qr/\[isapi_filter:error\].*WizFilter\.dll.*CMemoryException.*HttpFilterProc/,
         'the exception is logged as an error, naming the filter, the '
         . 'exception and the entry point')
    or print map { "# $_\n" } @lines;
ok t_cmp($elog !~ /exit signal|Segmentation|terminate called|Aborted/, 1,
         'no process died');
