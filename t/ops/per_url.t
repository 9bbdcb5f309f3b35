# Per-URL control: ISAPIFilterEngine, ISAPIFilterDisable and
# ISAPIFilterEnable in every scope, and which notifications each scope
# governs (README, "Per-URL control"):
#   - the setting outside sections (server config, <VirtualHost>) governs
#     every request event, from PREPROC_HEADERS on;
#   - <Location>, <Directory>, <Files>, <If> and .htaccess govern the
#     events from AUTHENTICATION on (httpd merges them after URL_MAP);
#   - READ_RAW_DATA and END_OF_NET_SESSION belong to the connection.
# Two recorder filters, url_rec_a.so and url_rec_b.so (t/filters/url_rec.h),
# log each event once per request to t/logs/url_rec.log; the tests compare
# exactly which events each heard.  Throwaway servers, as the scopes need
# a document root with .htaccess files and name-based virtual hosts.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use File::Spec::Functions qw(catdir catfile);
use ISF::Test qw(raw_request parse_responses httpd_start httpd_configtest
                 free_port);
use ISF::CB qw(tag http_req wait_log note);

plan tests => 86, need_module 'isapi_filter';

my $LOG = 'url_rec.log';
my @ORDER = qw(READ_RAW_DATA PREPROC_HEADERS URL_MAP AUTHENTICATION
               ACCESS_DENIED AUTH_COMPLETE SEND_RESPONSE SEND_RAW_DATA
               END_OF_REQUEST LOG END_OF_NET_SESSION);
my %RANK = map { $ORDER[$_] => $_ } 0 .. $#ORDER;
my $ALL   = ev(qw(READ_RAW_DATA PREPROC_HEADERS URL_MAP AUTHENTICATION
                  AUTH_COMPLETE SEND_RESPONSE SEND_RAW_DATA END_OF_REQUEST
                  LOG END_OF_NET_SESSION));
my $CONN  = ev(qw(READ_RAW_DATA END_OF_NET_SESSION));
my $EARLY = ev(qw(READ_RAW_DATA PREPROC_HEADERS URL_MAP END_OF_NET_SESSION));
my $LATE  = ev(qw(READ_RAW_DATA AUTHENTICATION AUTH_COMPLETE SEND_RESPONSE
                  SEND_RAW_DATA END_OF_REQUEST LOG END_OF_NET_SESSION));

# A set of events, written in the order IIS raises them.
sub ev { join ',', sort { $RANK{$a} <=> $RANK{$b} } @_ }

# One request on its own connection; returns its status and, per filter,
# the events it heard (once both have heard the connection end).
sub events {
    my ($port, $path, %opt) = @_;
    my $tag = tag('url');
    my $raw = raw_request(port => $port,
        data => http_req($path, 'X-Tag' => $tag, close => 1,
                         ($opt{host} ? (host => $opt{host}) : ()),
                         @{ $opt{headers} || [] }));
    my %ev;
    for my $f (qw(a b)) {
        my @l = wait_log($LOG, qr/^$f \Q$tag\E END_OF_NET_SESSION$/,
                         qr/^$f \Q$tag\E /);
        $ev{$f} = ev(map { (split / /)[2] } @l);
    }
    my ($res) = parse_responses($raw);
    return ($res ? $res->{status} : 0, \%ev);
}

# One scope's case: status, then what a and b heard.
sub check {
    my ($port, $path, $status, $a, $b, $what, %opt) = @_;
    my ($st, $ev) = events($port, $path, %opt);
    ok t_cmp($st, $status, "$what: status");
    ok t_cmp($ev->{a}, $a, "$what: the events url_rec_a heard");
    ok t_cmp($ev->{b}, $b, "$what: the events url_rec_b heard");
}

sub put {
    my ($file, $text) = @_;
    my ($dir) = $file =~ m{^(.*)/};
    File::Path::mkpath($dir);
    open my $fh, '>', $file or die "$file: $!";
    print $fh $text;
    close $fh;
}

# The document root, with a file in every scope's directory.
my $docs = catdir(Apache::Test::vars('t_logs'), 'throwaway', 'per_url_docs');
File::Path::rmtree($docs);
for my $p (qw(plain.html files.html plain404.html loc/x.html dir/x.html
              dir/en/x.html ht/x.html htnone/x.html htauth/x.html
              htbad/x.html path/x.html eng/x.html eng/en/x.html
              eng/on/x.html re/x.html re/en/x.html auth/x.html
              errdoc/404.html offre/x.html en/index.html idx/index.html
              ht/en/x.html htoff/x.html)) {
    put("$docs/$p", "<p>$p</p>\n");
}
put("$docs/nobody.htpasswd", '');
my $deny = "ISAPIFilterDisable url_rec_a.so\n";
put("$docs/$_/.htaccess", $deny) for qw(ht htnone htauth);
put("$docs/ht/en/.htaccess", "ISAPIFilterEnable url_rec_a.so\n");
put("$docs/htoff/.htaccess", "ISAPIFilterEngine Off\n");
put("$docs/htbad/.htaccess", "# line 1\nISAPIFilterDisable no_such.so\n");

# ---- Sections: <Location>, <Directory>, <Files>, <If>, .htaccess --------

# Sections before the ISAPIFilter lines: names are checked once all
# filters are loaded.
my $s = httpd_start(<<"EOF", keep => 1,
DocumentRoot $docs
<Directory $docs>
    AllowOverride None
    Require all granted
</Directory>
DirectoryIndex index.html
ErrorDocument 404 /errdoc/404.html
<Location /loc>
    ISAPIFilterDisable url_rec_a.so
</Location>
<Directory $docs/dir>
    ISAPIFilterDisable url_rec_a.so
</Directory>
<Location /dir/en>
    ISAPIFilterEnable url_rec_a.so
</Location>
<Files "files.html">
    ISAPIFilterDisable url_rec_a.so
</Files>
<If "%{QUERY_STRING} == 'if'">
    ISAPIFilterDisable url_rec_a.so
</If>
<Directory $docs/ht>
    AllowOverride FileInfo
</Directory>
<Directory $docs/htoff>
    AllowOverride FileInfo
</Directory>
<Directory $docs/htbad>
    AllowOverride FileInfo
</Directory>
<Directory $docs/htauth>
    AllowOverride AuthConfig
</Directory>
<Location /path>
    ISAPIFilterDisable filters/url_rec_a.so
</Location>
<Location /eng>
    ISAPIFilterEngine Off
</Location>
<Location /eng/en>
    ISAPIFilterEnable url_rec_a.so
</Location>
<Location /eng/on>
    ISAPIFilterEngine On
</Location>
<Location /re>
    ISAPIFilterDisable url_rec_a.so url_rec_b.so
</Location>
<Location /re/en>
    ISAPIFilterEnable url_rec_a.so
</Location>
<Location /auth>
    AuthType Basic
    AuthName per_url
    AuthUserFile $docs/nobody.htpasswd
    Require valid-user
    ISAPIFilterDisable url_rec_a.so
</Location>
<Directory $docs/idx>
    <Files "index.html">
        ISAPIFilterDisable url_rec_a.so
    </Files>
</Directory>
<Location /errdoc>
    ISAPIFilterDisable url_rec_a.so
</Location>
<Location /offre>
    ISAPIFilterDisable url_rec_a.so
    ErrorDocument 404 /plain404.html
</Location>
ISAPIFilter filters/url_rec_a.so
ISAPIFilter filters/url_rec_b.so
EOF
    modules => [qw(mpm_event authz_core authz_user authn_core authn_file
                   auth_basic mime dir)]);
ok t_cmp($s->{started}, 1, 'a server with the directives in every section '
         . 'starts') or note($s->{output}, $s->{error_log});
my $p = $s->{port};

check($p, '/plain.html', 200, $ALL, $ALL,
      'no directive: every filter hears every event');
for my $c (['/loc/x.html', '<Location>'],
           ['/dir/x.html', '<Directory>'],
           ['/files.html', '<Files>'],
           ['/plain.html?if', '<If>'],
           ['/ht/x.html', '.htaccess with AllowOverride FileInfo'],
           ['/path/x.html', 'a filter named by its ISAPIFilter path']) {
    check($p, $c->[0], 200, $EARLY, $ALL,
          "ISAPIFilterDisable in $c->[1]: the named filter still hears "
          . "PREPROC_HEADERS and URL_MAP (raised before httpd merges the "
          . "section), nothing from AUTHENTICATION on; the other hears all");
}
check($p, '/ht/en/x.html', 200, $ALL, $ALL,
      'a deeper .htaccess ISAPIFilterEnable undoes its parent\'s Disable');
check($p, '/htoff/x.html', 200, $EARLY, $EARLY,
      'ISAPIFilterEngine Off in .htaccess');
check($p, '/htnone/x.html', 200, $ALL, $ALL,
      '.htaccess under AllowOverride None is not read: no effect');
check($p, '/eng/x.html', 200, $EARLY, $EARLY,
      'ISAPIFilterEngine Off in <Location>: no filter hears AUTHENTICATION '
      . 'or later');
check($p, '/eng/en/x.html', 200, $EARLY, $EARLY,
      'ISAPIFilterEnable under ISAPIFilterEngine Off: Engine Off wins');
check($p, '/eng/on/x.html', 200, $ALL, $ALL,
      'a narrower ISAPIFilterEngine On overrides a broader Off');
check($p, '/re/x.html', 200, $EARLY, $EARLY,
      'ISAPIFilterDisable with two names turns both off');
check($p, '/re/en/x.html', 200, $ALL, $EARLY,
      'a narrower <Location> ISAPIFilterEnable undoes a broader Disable, '
      . 'for the filter it names only');
check($p, '/dir/en/x.html', 200, $ALL, $ALL,
      'a <Location> ISAPIFilterEnable undoes a <Directory> Disable '
      . '(Location merges after Directory)');
check($p, '/auth/x.html', 401, $EARLY,
      ev(qw(READ_RAW_DATA PREPROC_HEADERS URL_MAP AUTHENTICATION
            ACCESS_DENIED SEND_RESPONSE SEND_RAW_DATA END_OF_REQUEST LOG
            END_OF_NET_SESSION)),
      'a 401 in a section that disables a: no ACCESS_DENIED for a');
check($p, '/idx/', 200,
      ev(qw(READ_RAW_DATA PREPROC_HEADERS URL_MAP AUTHENTICATION
            AUTH_COMPLETE END_OF_NET_SESSION)), $ALL,
      'a DirectoryIndex file in a <Files> section that disables a: '
      . 'AUTHENTICATION and AUTH_COMPLETE follow the directory URL, the '
      . 'response (mod_dir\'s fast redirect) follows the index file');
check($p, '/missing.html', 404,
      ev(qw(READ_RAW_DATA PREPROC_HEADERS URL_MAP AUTHENTICATION
            AUTH_COMPLETE END_OF_NET_SESSION)), $ALL,
      'an ErrorDocument redirect into a section that disables a: a hears '
      . 'the request up to AUTH_COMPLETE, nothing of the error document');
check($p, '/offre/missing.html', 404,
      ev(qw(READ_RAW_DATA PREPROC_HEADERS URL_MAP SEND_RESPONSE
            SEND_RAW_DATA END_OF_REQUEST LOG END_OF_NET_SESSION)), $ALL,
      'a request a section disabled a for, redirected to an ErrorDocument '
      . 'outside it: a hears the error document\'s response again');
check($p, '/offre/missing.html', 404,
      ev(qw(READ_RAW_DATA PREPROC_HEADERS URL_MAP SEND_RESPONSE
            END_OF_REQUEST LOG END_OF_NET_SESSION)), $ALL,
      'the same, a having switched SEND_RAW_DATA off itself in '
      . 'PREPROC_HEADERS: the error document\'s setting does not undo '
      . 'what the filter chose', headers => ['X-Disable-a' => '400']);

# .htaccess errors: a 500 with the reason in the error log.
my ($st) = events($p, '/htauth/x.html');
ok t_cmp($st, 500, '.htaccess with the directive but without AllowOverride '
         . 'FileInfo: 500');
($st) = events($p, '/htbad/x.html');
ok t_cmp($st, 500, '.htaccess naming a filter that is not loaded: 500');
$s->{stop}->();
my $elog = do {
    open my $fh, '<', catfile($s->{dir}, 'error_log') or die;
    local $/;
    <$fh>;
};
ok t_cmp($elog, qr{htauth/\.htaccess: ISAPIFilterDisable not allowed here},
         'the error log says the .htaccess directive is not allowed there');
ok t_cmp($elog, qr{htbad/\.htaccess: ISAPIFilterDisable: no filter named 'no_such\.so' is loaded .*on line 2 of \S*htbad/\.htaccess},
         'the error log names the unknown filter, the .htaccess file and '
         . 'the line');

# ---- Outside sections: server config and <VirtualHost> ------------------

my $port = free_port();
$s = httpd_start(<<"EOF", keep => 1, port => $port,
ISAPIFilter filters/url_rec_a.so
ISAPIFilter filters/url_rec_b.so
ISAPIFilterDisable url_rec_a.so
DirectoryIndex index.html
<Directory $docs>
    Require all granted
</Directory>
<Location /en>
    ISAPIFilterEnable url_rec_a.so
</Location>
<VirtualHost *:$port>
    ServerName a.test
    DocumentRoot $docs
</VirtualHost>
<VirtualHost *:$port>
    ServerName b.test
    DocumentRoot $docs
    ISAPIFilterEnable url_rec_a.so
    ISAPIFilterDisable url_rec_b.so
</VirtualHost>
<VirtualHost *:$port>
    ServerName c.test
    DocumentRoot $docs
    ISAPIFilterEngine Off
</VirtualHost>
EOF
    modules => [qw(mpm_event authz_core mime dir)]);
ok t_cmp($s->{started}, 1, 'a server with the directives outside sections '
         . 'starts') or note($s->{output}, $s->{error_log});

check($port, '/plain.html', 200, $CONN, $ALL,
      'ISAPIFilterDisable in server config, inherited by a virtual host: '
      . 'the filter hears no request event, from PREPROC_HEADERS on; '
      . 'READ_RAW_DATA and END_OF_NET_SESSION belong to the connection',
      host => 'a.test');
check($port, '/plain.html', 200, $ALL, $CONN,
      'ISAPIFilterEnable and ISAPIFilterDisable in <VirtualHost> override '
      . 'the server config', host => 'b.test');
check($port, '/plain.html', 200, $CONN, $CONN,
      'ISAPIFilterEngine Off in <VirtualHost>: no filter hears a request '
      . 'event', host => 'c.test');
check($port, '/en/', 200, $LATE, $ALL,
      'a <Location> Enable under a server-config Disable: from '
      . 'AUTHENTICATION on; URL_MAP (also the DirectoryIndex '
      . 'sub-request\'s) follows the server\'s setting', host => 'a.test');
$s->{stop}->();

# ---- An unknown name in the main configuration stops start-up -----------

$s = httpd_start(<<"EOF");
ISAPIFilter filters/url_rec_a.so
<Location /x>
    ISAPIFilterEnable no_such_filter.so
</Location>
EOF
ok t_cmp($s->{started}, 0, 'an unknown filter name stops start-up');
my $line = 0;
{
    open my $fh, '<', $s->{conf} or die;
    while (<$fh>) {
        if (/ISAPIFilterEnable no_such_filter/) { $line = $.; last; }
    }
}
ok t_cmp($s->{output} . $s->{error_log},
         qr{ISAPIFilterEnable: no filter named 'no_such_filter\.so' is loaded .*on line $line of \Q$s->{conf}\E},
         'the start-up error names the directive, the name, the line and '
         . 'the file');

# apache2 -t (apache2ctl configtest, which Debian's graceful runs first)
# finds it too, even when the name comes before the ISAPIFilter lines.
my $t = httpd_configtest(<<"EOF");
ISAPIFilterDisable no_such_filter.so url_rec_a.so
ISAPIFilter filters/url_rec_a.so
EOF
ok t_cmp($t->{status} != 0 ? 1 : 0, 1, 'apache2 -t fails on an unknown name');
ok t_cmp($t->{output},
         qr{ISAPIFilterDisable: no filter named 'no_such_filter\.so' is loaded .*on line \d+ of \Q$t->{conf}\E},
         'apache2 -t names the directive, the name, the line and the file');
$t = httpd_configtest(<<"EOF");
ISAPIFilterDisable url_rec_a.so
ISAPIFilter filters/url_rec_a.so
EOF
ok t_cmp($t->{status}, 0, 'apache2 -t accepts a name loaded further down')
    or note($t->{output});
