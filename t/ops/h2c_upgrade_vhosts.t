# The h2c Upgrade veto (hooks/upgrade.c) is per request: name-based
# virtual hosts on one port, a.test with a recorder (cb_order.so) and
# b.test with no filter.  On a.test an "Upgrade: h2c" is declined: the
# request and the one pipelined after it are answered on HTTP/1.1, each
# event once; so is OPTIONS * with an Upgrade, which httpd switches from
# map_to_storage.  On b.test, where the request has no filter state,
# the upgrade goes on (101, then HTTP/2), with and without a pipelined
# request behind it.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use File::Spec::Functions qw(catdir catfile);
use ISF::Test qw(httpd_start free_port raw_request parse_responses run_tool);
use ISF::CB qw(tag http_req wait_log note);

my $h2so = '/usr/lib/apache2/modules/mod_http2.so';
plan tests => 10, need 'isapi_filter', { "$h2so is missing" => -e $h2so };

my $LOG = 'cb_order.log';
my $docs = catdir(Apache::Test::vars('t_logs'), 'throwaway',
                  'h2c_upgrade_vhosts');
File::Path::mkpath($docs);
open my $fh, '>', "$docs/p.html" or die;
print $fh "<p>p</p>\n";
close $fh;

my $port = free_port();
my $s = httpd_start(<<"EOF", keep => 1, port => $port,
LoadModule http2_module $h2so
Protocols h2c http/1.1
<Directory $docs>
    Require all granted
</Directory>
<VirtualHost *:$port>
    ServerName a.test
    DocumentRoot $docs
    ISAPIFilter filters/cb_order.so
</VirtualHost>
<VirtualHost *:$port>
    ServerName b.test
    DocumentRoot $docs
</VirtualHost>
EOF
    modules => [qw(mpm_event authz_core mime dir)]);
ok t_cmp($s->{started}, 1, 'the server starts')
    or note($s->{output}, $s->{error_log});

my @up = ('Connection' => 'Upgrade, HTTP2-Settings', 'Upgrade' => 'h2c',
          'HTTP2-Settings' => 'AAMAAABkAAQCAAAAAAIAAAAA');

sub events_of {
    my ($tag) = @_;
    wait_log($LOG, qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/, undef, 5);
    return join ' ', grep { $_ ne 'END_OF_NET_SESSION' }
        map { (split / /)[1] } wait_log($LOG, qr/^\Q$tag\E#/, undef, 1);
}

my @t = (tag('upa'), tag('upa'));
my $raw = raw_request(port => $port, data =>
    http_req('/p.html', host => 'a.test', 'X-CB-Tag' => $t[0], @up)
    . http_req('/p.html', host => 'a.test', 'X-CB-Tag' => $t[1],
               close => 1));
my @res = parse_responses($raw);
ok t_cmp(join(' ', map { "$_->{proto} $_->{status} "
                         . length($_->{body}) } @res),
         'HTTP/1.1 200 9 HTTP/1.1 200 9',
         'a.test: the upgrade declined, the pipelined request answered');
ok t_cmp(events_of($t[0]),
         'PREPROC_HEADERS URL_MAP AUTHENTICATION AUTH_COMPLETE '
         . 'SEND_RESPONSE END_OF_REQUEST LOG',
         'each event once for the request that asked to upgrade');

my $tag = tag('upo');
$raw = raw_request(port => $port, data =>
    http_req('*', method => 'OPTIONS', host => 'a.test',
             'X-CB-Tag' => $tag, @up));
@res = parse_responses($raw);
ok t_cmp(join(' ', map { "$_->{proto} $_->{status}" } @res),
         'HTTP/1.1 200', 'a.test: OPTIONS * with Upgrade: HTTP/1.1');
ok t_cmp(events_of($tag), qr/^PREPROC_HEADERS (?:\w+ )*LOG$/,
         'its events raised once') or note(events_of($tag));
ok t_cmp(scalar(() = events_of($tag) =~ /PREPROC_HEADERS/g), 1,
         'PREPROC_HEADERS once');

($raw) = raw_request(port => $port, timeout => 2, data =>
    http_req('/p.html', host => 'b.test', @up));
ok t_cmp($raw, qr{\AHTTP/1\.1 101 Switching Protocols\r\n.*Upgrade: h2c}s,
         'b.test (no filter): the upgrade goes on');
($raw) = raw_request(port => $port, timeout => 2, data =>
    http_req('*', method => 'OPTIONS', host => 'b.test', @up));
ok t_cmp($raw, qr{\AHTTP/1\.1 101 }, 'b.test: OPTIONS * too');
my $out = run_tool("curl -s -m 10 -o /dev/null -w '%{http_code} "
                   . "%{http_version}' --http2 -H 'Host: b.test' "
                   . "http://127.0.0.1:$port/p.html 2>&1");
ok t_cmp($out, '200 2', 'b.test with curl --http2: HTTP/2');

$s->{stop}->();
my $elog = do {
    open my $fh, '<', catfile($s->{dir}, 'error_log') or die;
    local $/;
    <$fh>;
};
ok t_cmp(scalar($elog =~ /exit signal|segfault/) ? 1 : 0, 0,
         'no child crashed') or note($elog);
