# GetServerVariable: every variable the bridge lists answers something
# sensible, through the IIS buffer-size protocol (probe with size 0,
# exact size, one byte short); unknown names fail with
# ERROR_INVALID_INDEX; HTTP_<NAME>, HEADER_<Name>, ALL_HTTP, ALL_RAW and
# UNICODE_<var> are formatted as IIS formats them; INSTANCE_ID numbers
# the sites in configuration order.  Site isf_cb_vars runs cb_vars.so,
# which reads the variables named in X-CB-Vars (see its header comment
# for the "X-CB-Var-i" answer format).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Digest::SHA ();
use MIME::Base64 ();
use ISF::Test qw(raw_connect parse_responses httpd_start free_port);
use ISF::CB qw(http_req note);

my @VARS = qw(ALL_HTTP ALL_RAW APPL_MD_PATH APPL_PHYSICAL_PATH APP_POOL_ID
    AUTH_PASSWORD AUTH_TYPE AUTH_USER CERT_COOKIE CERT_FLAGS CERT_ISSUER
    CERT_KEYSIZE CERT_SECRETKEYSIZE CERT_SERIALNUMBER CERT_SERVER_ISSUER
    CERT_SERVER_SUBJECT CERT_SUBJECT CONTENT_LENGTH CONTENT_TYPE
    GATEWAY_INTERFACE HTTPS HTTPS_KEYSIZE HTTPS_SECRETKEYSIZE
    HTTPS_SERVER_ISSUER HTTPS_SERVER_SUBJECT HTTP_METHOD HTTP_URL
    HTTP_VERSION INSTANCE_ID INSTANCE_META_PATH LOCAL_ADDR LOGON_USER
    PATH_INFO PATH_TRANSLATED QUERY_STRING REMOTE_ADDR REMOTE_HOST
    REMOTE_PORT REMOTE_USER REQUEST_METHOD SCRIPT_NAME SCRIPT_TRANSLATED
    SERVER_NAME SERVER_PORT SERVER_PORT_SECURE SERVER_PROTOCOL
    SERVER_SOFTWARE SSI_EXEC_DISABLED UNENCODED_URL UNMAPPED_REMOTE_USER
    URL);

plan tests => @VARS + 32, need_module 'isapi_filter';

my $M = 'isf_cb_vars';
my $docroot = Apache::Test::vars('documentroot');
my $port = ISF::Test::module_port($M);

# "\xHH" and "\\" back to bytes.
sub unescape {
    my $v = shift;
    $v =~ s/\\(\\|x([0-9a-f]{2}))/defined $2 ? chr(hex $2) : '\\'/ge;
    return $v;
}

# Send one request asking for @names; return { NAME => {probe, exact,
# short, value (terminator removed), raw (with it)} }, the response and
# the client's port.
sub vars {
    my ($path, $names, @hdr) = @_;
    my $sock = raw_connect(module => $M);
    my $cport = $sock->sockport;
    print $sock http_req($path, 'X-CB-Vars' => join(' ', @$names), @hdr,
                         close => 1);
    my ($res) = parse_responses(scalar ISF::Test::read_response_bytes($sock));
    close $sock;
    my %v;
    for my $i (0 .. $#$names) {
        my $h = $res->{headers}->{"x-cb-var-$i"} // '';
        my ($name, $rest) = split / /, $h, 2;
        my %r = (name => $name // '');
        $r{$1} = $2 while ($rest // '') =~ /\b(probe|exact|short)=(\S+)/g;
        if (($rest // '') =~ / value=(.*)\z/s) {
            $r{raw} = unescape($1);
            ($r{value} = $r{raw}) =~ s/\0\z//;
        }
        $v{$names->[$i]} = \%r;
    }
    return (\%v, $res, $cport);
}

# The size protocol for one answer: probe tells the size (value + NUL),
# exact fills exactly that much, one byte less fails without writing.
sub size_ok {
    my $r = shift;
    my $n = length($r->{raw} // '');
    return 0 unless $n;
    return ($r->{probe} eq "0/122/$n" and $r->{exact} eq "1/0/$n+guard"
            and $r->{short} eq "0/122/$n+untouched") ? 1 : 0;
}

# ---- Every variable on a plain GET --------------------------------------
my ($v, $res, $cport) = vars('/index.html?x=1', \@VARS,
                             'X-CB-Sample' => 'hello');
ok t_cmp($res->{status}, 200, 'the request is served');
my $id = $v->{INSTANCE_ID}->{value} // '';
my %want = (
    ALL_HTTP            => qr/^HTTP_HOST:localhost\n.*
                              ^HTTP_X_CB_SAMPLE:hello\n
                              HTTP_CONNECTION:close\n\z/msx,
    ALL_RAW             => qr/^Host:\ localhost\r\n.*
                              ^X-CB-Sample:\ hello\r\n
                              Connection:\ close\r\n\z/msx,
    APPL_MD_PATH        => "/LM/W3SVC/$id/ROOT",
    APPL_PHYSICAL_PATH  => "$docroot/",
    APP_POOL_ID         => '',
    AUTH_PASSWORD       => '',
    AUTH_TYPE           => '',
    AUTH_USER           => '',
    CERT_COOKIE         => '',
    CERT_FLAGS          => '0',
    CERT_ISSUER         => '',
    CERT_KEYSIZE        => '',
    CERT_SECRETKEYSIZE  => '',
    CERT_SERIALNUMBER   => '',
    CERT_SERVER_ISSUER  => '',
    CERT_SERVER_SUBJECT => '',
    CERT_SUBJECT        => '',
    CONTENT_LENGTH      => '0',
    CONTENT_TYPE        => '',
    GATEWAY_INTERFACE   => 'CGI/1.1',
    HTTPS               => 'off',
    HTTPS_KEYSIZE       => '',
    HTTPS_SECRETKEYSIZE => '',
    HTTPS_SERVER_ISSUER => '',
    HTTPS_SERVER_SUBJECT => '',
    HTTP_METHOD         => 'GET',
    HTTP_URL            => '/index.html?x=1',
    HTTP_VERSION        => 'HTTP/1.1',
    INSTANCE_ID         => qr/^(?:[2-9]|[1-9]\d+)$/,   # a site: not 1
    INSTANCE_META_PATH  => "/LM/W3SVC/$id",
    LOCAL_ADDR          => '127.0.0.1',
    LOGON_USER          => '',
    PATH_INFO           => '/index.html',
    PATH_TRANSLATED     => "$docroot/index.html",
    QUERY_STRING        => 'x=1',
    REMOTE_ADDR         => '127.0.0.1',
    REMOTE_HOST         => '127.0.0.1',
    REMOTE_PORT         => $cport,
    REMOTE_USER         => '',
    REQUEST_METHOD      => 'GET',
    SCRIPT_NAME         => '/index.html',
    SCRIPT_TRANSLATED   => "$docroot/index.html",
    SERVER_NAME         => 'localhost',
    SERVER_PORT         => $port,
    SERVER_PORT_SECURE  => '0',
    SERVER_PROTOCOL     => 'HTTP/1.1',
    SERVER_SOFTWARE     => qr/^Apache\//,
    SSI_EXEC_DISABLED   => '0',
    UNENCODED_URL       => '/index.html?x=1',
    UNMAPPED_REMOTE_USER => '',
    URL                 => '/index.html',
);
for my $name (@VARS) {
    my $want = $want{$name};
    ok t_cmp($v->{$name}->{value}, $want,
             "GetServerVariable($name) on a plain anonymous GET: "
             . (ref $want ? "matches $want" : "'$want'"));
}
my @bad = grep { !size_ok($v->{$_}) } @VARS;
ok t_cmp("@bad", '',
         'every variable: size 0 gives ERROR_INSUFFICIENT_BUFFER and the '
         . 'size with the NUL; that size succeeds without writing past it; '
         . 'one byte less fails and writes nothing')
    or note(map { "$_: probe=$v->{$_}->{probe} exact=$v->{$_}->{exact} "
                  . "short=$v->{$_}->{short}" } @bad);
ok t_cmp(join('', map { $v->{$_}->{raw} =~ /\0\z/ ? '' : $_ } @VARS), '',
         'every answer is NUL-terminated');
my @lines = split /\n/, $v->{ALL_HTTP}->{value};
ok t_cmp(scalar(grep { !/^HTTP_[A-Z0-9_]+:\S/ } @lines), 0,
         'ALL_HTTP: one "HTTP_NAME:value" line per header, names in upper '
         . 'case with "-" as "_"');
ok t_cmp(scalar(@lines), scalar(split /\r\n/, $v->{ALL_RAW}->{value}),
         'ALL_RAW: one "Name: value" line per request header, as ALL_HTTP');

# ---- Names that do not exist --------------------------------------------
($v) = vars('/index.html', [qw(NO_SUCH_VARIABLE HTTP_X_NOT_SENT
                               HTTP_X_UNDER_SCORE HEADER_X_Under_Score
                               HTTP_X_CB_SAMPLE HEADER_X-CB-Sample
                               HTTP_ACCEPT_LANGUAGE UNICODE_HTTP_HOST
                               UNICODE_URL UNICODE_NO_SUCH_VARIABLE)],
            'X-CB-Sample' => 'hello', 'X_Under_Score' => 'u1',
            'Accept-Language' => 'fr, en');
ok t_cmp($v->{NO_SUCH_VARIABLE}->{probe}, '0/1413/0',
         'an unknown variable: FALSE, ERROR_INVALID_INDEX');
ok t_cmp($v->{HTTP_X_NOT_SENT}->{probe}, '0/1413/0',
         'HTTP_<NAME> of a header the request lacks: ERROR_INVALID_INDEX');
ok t_cmp($v->{HTTP_X_CB_SAMPLE}->{value}, 'hello',
         'HTTP_<NAME> reads a request header, "_" standing for "-"');
ok t_cmp($v->{HTTP_ACCEPT_LANGUAGE}->{value}, 'fr, en',
         'HTTP_ACCEPT_LANGUAGE reads Accept-Language');
ok t_cmp($v->{HTTP_X_UNDER_SCORE}->{probe}, '0/1413/0',
         'HTTP_<NAME> cannot reach a header whose name has "_"');
ok t_cmp($v->{HEADER_X_Under_Score}->{value}, 'u1',
         'HEADER_<Name> reads a header by its exact name, "_" included');
ok t_cmp($v->{'HEADER_X-CB-Sample'}->{value}, 'hello',
         'HEADER_<Name> with the real "-" spelling');
ok t_cmp($v->{UNICODE_HTTP_HOST}->{probe}, '0/1413/0',
         'UNICODE_ cannot be combined with HTTP_ (ERROR_INVALID_INDEX)');
ok t_cmp($v->{UNICODE_NO_SUCH_VARIABLE}->{probe}, '0/1413/0',
         'UNICODE_ of an unknown variable: ERROR_INVALID_INDEX');
ok t_cmp($v->{UNICODE_URL}->{raw}, join("\0", split //, '/index.html')
                                   . "\0\0\0",
         'UNICODE_URL: UTF-16LE with a two-byte NUL');
ok t_cmp(size_ok($v->{UNICODE_URL}), 1,
         'UNICODE_URL: the size protocol counts bytes, terminator included');

($v, $res) = vars('/caf%C3%A9.html', [qw(URL UNICODE_URL)]);
ok t_cmp($v->{UNICODE_URL}->{value},
         join('', map { pack 'v', ord } split //, "/caf\x{e9}.html") . "\0",
         'UNICODE_URL of a UTF-8 URL: each character as UTF-16LE');

# ---- Names in any case, as IIS takes them --------------------------------
($v) = vars('/index.html', [qw(url Url server_name Server_Port
                               http_user_agent Http_X_Cb_Sample
                               header_x-cb-sample unicode_url all_raw)],
            'User-Agent' => 'isf-case/1', 'X-CB-Sample' => 'mixed');
ok t_cmp($v->{url}->{value}, '/index.html',
         'GetServerVariable("url") is URL: names are case-insensitive');
ok t_cmp($v->{Url}->{value}, '/index.html', '"Url" is URL too');
ok t_cmp($v->{server_name}->{value}, 'localhost',
         '"server_name" is SERVER_NAME');
ok t_cmp($v->{Server_Port}->{value}, $port, '"Server_Port" is SERVER_PORT');
ok t_cmp($v->{http_user_agent}->{value}, 'isf-case/1',
         '"http_user_agent" reads the User-Agent header');
ok t_cmp($v->{Http_X_Cb_Sample}->{value}, 'mixed',
         'an HTTP_<NAME> lookup in mixed case reads the header');
ok t_cmp($v->{'header_x-cb-sample'}->{value}, 'mixed',
         'a HEADER_<Name> lookup in lower case reads the header');
ok t_cmp($v->{unicode_url}->{value},
         join('', map { pack 'v', ord } split //, '/index.html') . "\0",
         '"unicode_url" is UNICODE_URL');
ok t_cmp($v->{all_raw}->{value}, qr/^Host: localhost\r\n/,
         '"all_raw" is ALL_RAW');

# ---- Authenticated request ----------------------------------------------
my $pw = Apache::Test::vars('t_logs') . '/cb_htpasswd';
open my $fh, '>', $pw or die "$pw: $!";
print $fh 'alice:{SHA}' . Digest::SHA::sha1_base64('secret') . "=\n";
close $fh;
my @AUTH = qw(AUTH_TYPE AUTH_USER AUTH_PASSWORD LOGON_USER REMOTE_USER
              UNMAPPED_REMOTE_USER);
($v, $res) = vars('/cb-auth/index.html', \@AUTH, 'Authorization' => 'Basic '
                  . MIME::Base64::encode_base64('alice:secret', ''));
ok t_cmp($res->{status}, 200, 'Basic credentials are accepted');
ok t_cmp(join(',', map { $v->{$_}->{value} // 'undef' } @AUTH),
         'Basic,alice,secret,alice,alice,alice',
         'after authentication: AUTH_TYPE, AUTH_USER, AUTH_PASSWORD, '
         . 'LOGON_USER, REMOTE_USER and UNMAPPED_REMOTE_USER');

# ---- In URL_MAP -----------------------------------------------------------
($v) = vars('/index.html', [qw(PATH_TRANSLATED URL)],
            'X-CB-Var-Event' => 'URL_MAP');
ok t_cmp($v->{PATH_TRANSLATED}->{value}, "$docroot/index.html",
         'PATH_TRANSLATED inside URL_MAP is the path being mapped');

# ---- INSTANCE_ID: main server 1, then the sites in configuration order --
# (one global filter, so it runs in every site).  The second site's
# ServerName has no port: SERVER_PORT is still the port the request
# arrived on, as in IIS, not the 80 a Host without a port would imply.
my @ports = (free_port(), free_port());
my $s = httpd_start(join("\n",
    map({ "Listen 127.0.0.1:$_" } @ports),
    "<VirtualHost 127.0.0.1:$ports[0]>\n</VirtualHost>",
    "<VirtualHost 127.0.0.1:$ports[1]>\nServerName localhost\n"
    . "</VirtualHost>",
    'ISAPIFilter filters/cb_vars.so'), keep => 1);
ok t_cmp($s->{started}, 1, 'a server with two sites starts')
    or note($s->{output}, $s->{error_log});
my (@ids, @sport);
for my $p ($s->{port}, @ports) {
    my $sock = raw_connect(port => $p);
    print $sock http_req('/', 'X-CB-Vars' => 'INSTANCE_ID SERVER_PORT',
                         close => 1);
    my ($r) = parse_responses(scalar ISF::Test::read_response_bytes($sock));
    push @ids, ($r->{headers}->{'x-cb-var-0'} // '') =~ /value=(\d+)/
        ? $1 : '?';
    push @sport, ($r->{headers}->{'x-cb-var-1'} // '') =~ /value=(\d+)/
        ? $1 : '?';
}
$s->{stop}->();
ok t_cmp("@sport", "$s->{port} @ports",
         'SERVER_PORT is the port the request arrived on, in every site, '
         . 'with a Host header that names none');
ok t_cmp("@ids", '1 2 3',
         'INSTANCE_ID: the main server is 1, virtual hosts 2, 3, ... in '
         . 'the order the configuration names them');
