# An IIS-style URL rewriter built with isapi-cc, unmodified (t/iis/Rewrite):
# DllMain finds the DLL's folder (GetModuleFileName, cut at the last
# backslash), GetPrivateProfileSection/Int read Rewrite.ini beside it,
# PREPROC_HEADERS rewrites "url" with SetHeader or answers a 302 with
# SF_REQ_SEND_RESPONSE_HEADER, AddResponseHeaders tags the response, a
# worker thread (FindFirstChangeNotification + WaitForMultipleObjects)
# reloads the rules when the INI file changes, and each rewrite is
# appended to c:\logs\rewrite.log below ISAPIFilterWindowsRoot.
#
# The filter watches its own folder, so the server loads a copy of the
# DLL and its INI from a folder under t/logs the test may edit.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use File::Copy ();
use File::Path ();
use POSIX ();
use Time::HiRes ();
use ISF::Test qw(httpd_start);

plan tests => 31, need_module 'isapi_filter';

my $top  = Apache::Test::vars('top_dir');
my $base = "$top/t/logs/win32_rewrite";
my $bin  = "$base/bin";
my $root = "$base/root";
my $docs = "$base/docs";
File::Path::remove_tree($base);
File::Path::make_path($bin, "$root/c/Logs", "$docs/new", "$docs/manual");
for my $f (qw(Rewrite.dll Rewrite.ini)) {
    File::Copy::copy("$top/t/iis/Rewrite/$f", "$bin/$f")
        or die "copy t/iis/Rewrite/$f: $!";
}
chmod 0755, "$bin/Rewrite.dll";
sub put { open my $fh, '>', $_[0] or die "$_[0]: $!"; print $fh $_[1] }
sub slurp { -e $_[0] ? do { local (@ARGV, $/) = $_[0]; <> } : '' }
put("$docs/new/page.html", "the new page\n");
put("$docs/new/legacy.html", "the legacy page's successor\n");
put("$docs/manual/intro.html", "the manual\n");
my $ini = slurp("$bin/Rewrite.ini");
# The INI names c:\logs\rewrite.log, the folder on disk is C/Logs: found
# case-insensitively, as on Windows.
my $log = "$root/c/Logs/rewrite.log";

my $conf = <<"CONF";
LogLevel info isapi_filter:debug
ISAPIFilterWindowsRoot $root
Alias /new/ $docs/new/
Alias /manual/ $docs/manual/
ISAPIFilter $bin/Rewrite.dll
CONF
my $s = httpd_start($conf, keep => 1,
                    modules => [qw(mpm_event authz_core mime dir alias)]);
ok t_cmp($s->{started}, 1, 'a server with the Rewrite filter starts')
    or print map { "# $_\n" } split /\n/, $s->{output} . $s->{error_log};
my $url = "http://127.0.0.1:$s->{port}";
# The 302 is the answer under test, not something to follow.
Apache::TestRequest::user_agent(reset => 1, requests_redirectable => 0);

# Every response the filter tagged is one rewrite, so one log line.
my $rewrites = 0;
sub get {
    my $res = GET("$url$_[0]");
    $rewrites++ if defined $res->header('X-Rewrite');
    return $res;
}

my $res = get('/old/page.html');
ok t_cmp($res->code, 200, '/old/* is rewritten inside the server');
ok t_cmp($res->content, "the new page\n", '... and /new/page.html is served');
ok t_cmp($res->header('X-Rewrite') // '', 'rule=1; reloads=0',
         'AddResponseHeaders named the rule and the reload count');

$res = get('/OLD/Page.html');
ok t_cmp($res->code, 404,
         'the prefix matches case-insensitively; $1 keeps its case');
ok t_cmp($res->header('X-Rewrite') // '', 'rule=1; reloads=0',
         '... rule 1 applied');

$res = get('/LEGACY.asp');
ok t_cmp($res->content, "the legacy page's successor\n",
         'a rule without * matches the whole URL (_stricmp)');
ok t_cmp($res->header('X-Rewrite') // '', 'rule=2; reloads=0', '... rule 2');
$res = get('/legacy.asp/more');
ok t_cmp($res->code == 404 && !defined $res->header('X-Rewrite'), 1,
         '... and nothing longer');

$res = get('/docs/intro.html?lang=en');
ok t_cmp($res->content, "the manual\n", 'the query string rides along in $1');
ok t_cmp($res->header('X-Rewrite') // '', 'rule=3; reloads=0', '... rule 3');

$res = get('/later/page.html');
ok t_cmp($res->code == 404 && !defined $res->header('X-Rewrite'), 1,
         'a URL no rule names passes untouched');

# Add a rule and bump the mtime: the worker thread reloads the file, no
# restart.  Polled: the watcher waits a little for the writer to finish.
# The filter reloads when the INI's last-write time differs from the one
# it read, so each edit moves it on by whole seconds, however quick.
my $mtime = time;
sub edit_ini {
    put("$bin/Rewrite.ini", $_[0]);
    $mtime = (time > $mtime ? time : $mtime) + 2;
    utime $mtime, $mtime, "$bin/Rewrite.ini";
}
sub poll {
    my ($path, $want) = @_;
    my $r;
    for (1 .. 50) {
        $r = get($path);
        return $r if $want->($r);
        Time::HiRes::sleep(0.1);
    }
    return $r;
}
my $edited = $ini;
$edited =~ s/^(3=.*?)\r?$/$1\r\n4=\/Later\/*       \/new\/\$1\r/m or die 'ini';
edit_ini($edited);
$res = poll('/later/page.html', sub { $_[0]->code == 200 });
ok t_cmp($res->content, "the new page\n",
         'a rule added to the INI file applies within 5 s, no restart');
my ($reloads) = ($res->header('X-Rewrite') // '') =~ /^rule=4; reloads=(\d+)$/;
ok t_cmp($reloads // '', qr/^[1-9]/, 'InterlockedIncrement counted the reload')
    or diag('X-Rewrite: ' . ($res->header('X-Rewrite') // 'none'));
$reloads //= 0;
$res = get('/old/page.html');
ok t_cmp($res->header('X-Rewrite') // '', "rule=1; reloads=$reloads",
         'the other rules were reloaded too');

# Redirect=1: the same rules answer 302 with the new URL.
(my $redirect = $edited) =~ s/^Redirect=0/Redirect=1/m or die 'ini';
edit_ini($redirect);
$res = poll('/old/page.html', sub { $_[0]->code == 302 });
ok t_cmp($res->code, 302, 'Redirect=1 (reloaded): a 302 ...');
ok t_cmp($res->header('Location') // '', '/new/page.html',
         '... to the rewritten URL (SF_REQ_SEND_RESPONSE_HEADER)');
ok t_cmp($res->content, '', '... without a body');
my ($reloads2) = ($res->header('X-Rewrite') // '') =~ /^rule=1; reloads=(\d+)$/;
$reloads2 //= 0;
ok t_cmp($reloads2 > $reloads, 1,
         'the 302 carries the AddResponseHeaders line, one reload more')
    or diag('X-Rewrite: ' . ($res->header('X-Rewrite') // 'none'));
$res = get('/later/x.html?y=1');
ok t_cmp($res->header('Location') // '', '/new/x.html?y=1',
         'the rule the first reload added redirects too');
$res = get('/nowhere.html');
ok t_cmp($res->code, 404, 'a URL no rule names is still served as is');

# Touched, not written (as `copy /b Rewrite.ini +,,` on Windows): a new
# last-write time alone is a FILE_NOTIFY_CHANGE_LAST_WRITE change too.
$mtime += 2;
utime $mtime, $mtime, "$bin/Rewrite.ini";
my $reloads3 = $reloads2;
$res = poll('/old/page.html', sub {
    ($reloads3) = ($_[0]->header('X-Rewrite') // '') =~ /reloads=(\d+)/;
    $reloads3 //= 0;
    $reloads3 > $reloads2;
});
ok t_cmp($reloads3, $reloads2 + 1,
         'touching the INI file reloads it once');

# The log: one line per rewrite, local time, below the Windows root.
my $lines = slurp($log);
my @lines = split /\n/, $lines;
ok t_cmp(scalar(@lines), $rewrites,
         'c:\\logs\\rewrite.log (C/Logs on disk) has one line per rewrite')
    or diag($lines);
ok t_cmp($lines[0] // '',
         qr{^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d rule 1: /old/page\.html -> /new/page\.html\r$},
         'GetLocalTime + wsprintf("%04d-%02d-%02d ...") and CRLF');
my $today = POSIX::strftime('%Y-%m-%d', localtime);
ok t_cmp(substr($lines[-1] // '', 0, 10), $today, 'in local time');
ok t_cmp($lines, qr{^.{19} rule 1: /old/page\.html =302=> /new/page\.html\r$}m,
         'redirects are logged as such');

$s->{stop}->();
my $elog = slurp("$s->{dir}/error_log");
my $ods = qr/ISF57: \S*Rewrite\.dll: OutputDebugString: Rewrite: /;
# httpd's error log doubles each backslash.
ok t_cmp($elog, qr/${ods}loaded 3 rules from \\\\.*\\\\win32_rewrite\\\\bin\\\\Rewrite\.ini \(Redirect=0, log c:\\\\logs\\\\rewrite\.log, reload 0\)/,
         'the INI path beside the DLL, read with GetPrivateProfileSection')
    or print map { "# $_\n" } split /\n/, $elog;
ok t_cmp($elog, qr/${ods}reloaded 4 rules .*\(Redirect=1, /,
         'the reloads, from the worker thread');
ok t_cmp($elog, qr/\[isapi_filter:debug\].*${ods}rule 1 rewrites \/old\/page\.html to \/new\/page\.html/,
         'OutputDebugString logs each rewrite at debug level');
ok t_cmp($elog, qr/${ods}TerminateFilter after $rewrites rewrites, $reloads3 reloads/,
         'TerminateFilter: the counts, from the filter');
ok t_cmp($elog !~ /did not stop|no longer reloaded|cannot/, 1,
         'the watcher stopped when told, and nothing failed');
