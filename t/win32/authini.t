# An IIS-style filter built with isapi-cc, unmodified (t/iis/AuthIni):
# DllMain keeps its HINSTANCE, GetModuleFileName finds the DLL's path and
# the INI file beside it (spelled in another case on disk), the registry
# comes from a `reg export` file (UTF-16LE), a worker thread writes a log
# under ISAPIFilterWindowsRoot, OutputDebugString reaches the error log,
# and Basic credentials are checked against the INI's [Users].
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use File::Path ();
use MIME::Base64 ();
use Time::HiRes ();
use ISF::Test qw(httpd_start httpd_configtest);

plan tests => 17, need_module 'isapi_filter';

my $top  = Apache::Test::vars('top_dir');
my $root = "$top/t/logs/win32_authini_root";
File::Path::remove_tree($root);
File::Path::make_path("$root/c/temp");
my $log = "$root/c/temp/AuthIni.log";

my $conf = <<"EOF";
LogLevel info isapi_filter:debug
ISAPIFilterWindowsRoot $root
ISAPIFilterRegistry iis/AuthIni/AuthIni.reg
ISAPIFilter iis/AuthIni/AuthIni.dll
EOF
# apache2 -t: the start-up check's process logs to the console.
my $t = httpd_configtest($conf);
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

my $res = get('/index.html', 'alice', 'wonderland');
ok t_cmp($res->code, 200, 'a user and password from the INI file get in');
my $tag = $res->header('X-AuthIni') // '';
ok t_cmp($tag, qr/^realm=Example Realm; /,
         'GetPrivateProfileString read the INI beside the DLL (trimmed)');
ok t_cmp($tag, qr/greeting=Hello from the registry; enabled=1;/,
         'RegQueryValueEx read REG_SZ and REG_DWORD from the .reg file');
ok t_cmp($tag, qr/user=alice;/, 'AllocMem kept the user for the response');
ok t_cmp($res->header('X-AuthIni-Module') // '',
         qr{^\\.*\\t\\iis\\AuthIni\\AuthIni\.dll$},
         'GetModuleFileName(hinstDLL) is the DLL path, with backslashes');

$res = get('/index.html', 'alice', 'rabbit');
ok t_cmp($res->code, 401,
         'a wrong password: SF_STATUS_REQ_ERROR with ERROR_ACCESS_DENIED');
$res = get('/index.html', 'mallory', 'x');
ok t_cmp($res->code, 401, 'a user the INI file does not list: 401');
$res = get('/index.html');
ok t_cmp($res->code, 200, 'anonymous requests pass');
ok t_cmp($res->header('X-AuthIni') // '', qr/user=-; .*denied=2$/,
         'InterlockedIncrement counted the two refusals');

# The worker thread appends one line per request, woken by an event.
my $lines = '';
for (1 .. 50) {
    $lines = -e $log ? do { local (@ARGV, $/) = $log; <> } : '';
    last if ($lines =~ tr/\n//) >= 4;
    Time::HiRes::sleep(0.1);
}
ok t_cmp($lines, qr{^alice /index\.html\r$}m,
         'the worker thread wrote c:\\Temp\\AuthIni.log below the root');
ok t_cmp(scalar(() = $lines =~ /\r\n/g), 4, 'one line per request');

$s->{stop}->();
my $elog = do { local (@ARGV, $/) = "$s->{dir}/error_log"; <> };
my %seq;
for (split(/\n/, $t->{output}), split(/\n/, $elog)) {
    next unless /\[pid (\d+)[^\]]*\].*ISF57: \S*AuthIni\.dll: OutputDebugString: AuthIni: (.*)/;
    my ($pid, $what) = ($1, $2);
    $what =~ s/^realm .*/realm/;
    push @{ $seq{$pid} }, $what;
}
my @pids = sort keys %seq;
ok t_cmp(scalar(@pids) >= 2, 1,
         'OutputDebugString lines name the filter, from the start-up check '
         . '(apache2 -t) and a child')
    or print map { "# $_\n" } split /\n/, "$t->{output}\n$elog";
my @bad = grep {
    join(',', @{ $seq{$_} }) ne
        'DLL_PROCESS_ATTACH,realm,TerminateFilter,DLL_PROCESS_DETACH'
} @pids;
ok t_cmp("@bad", '', 'each process: DllMain attach, GetFilterVersion, '
         . 'TerminateFilter, DllMain detach, once each and in that order')
    or print map { "# $_: @{ $seq{$_} }\n" } @pids;
# httpd's error log doubles each backslash.
ok t_cmp($elog, qr/realm "Example Realm" from \\\\.*\\\\AuthIni\\\\AuthIni\.ini, log c:\\\\Temp\\\\AuthIni\.log/,
         'the INI path the filter built is in Windows form');
ok t_cmp($elog, qr/\[isapi_filter:debug\].*OutputDebugString/,
         'OutputDebugString logs at debug level');
ok t_cmp($elog !~ /did not stop/, 1, 'the worker stopped in TerminateFilter');
