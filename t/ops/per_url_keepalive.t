# Per-URL control across virtual hosts on one keep-alive connection
# (issue 15, attacks): requests pipelined in one write, alternating
# between b.test (url_rec_b.so disabled) and c.test (ISAPIFilterEngine
# Off), with HEAD, "Expect: 100-continue" bodies and a 404 among them.
# Neither a host's setting nor a request's disabled mask may carry over
# to the next request: the status page (on c.test, so its own request is
# not counted) must show url_rec_a.so called exactly once per b.test
# request for every request event, and url_rec_b.so never.
# A throwaway server under the event MPM.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use JSON::PP ();
use Time::HiRes ();
use ISF::Test qw(httpd_start raw_request parse_responses free_port);
use ISF::CB qw(http_req note);

plan tests => 4, need_module 'isapi_filter';

my $libexec = Apache::Test::config()->apxs('LIBEXECDIR');
my $docs = Apache::Test::vars('t_logs') . '/throwaway/per_url_keepalive_docs';
File::Path::mkpath($docs);
open my $fh, '>', "$docs/p.html" or die "$docs/p.html: $!";
print $fh "<p>p</p>\n";
close $fh;

my $port = free_port();
my $s = httpd_start(<<"EOF", keep => 1, port => $port,
LoadModule mpm_event_module $libexec/mod_mpm_event.so
ISAPIFilter filters/url_rec_a.so
ISAPIFilter filters/url_rec_b.so
<Directory $docs>
    Require all granted
</Directory>
<VirtualHost *:$port>
    ServerName b.test
    DocumentRoot $docs
    ISAPIFilterDisable url_rec_b.so
</VirtualHost>
<VirtualHost *:$port>
    ServerName c.test
    DocumentRoot $docs
    ISAPIFilterEngine Off
    <Location /isapi-status>
        SetHandler isapi-filter-status
    </Location>
</VirtualHost>
EOF
    modules => [qw(authz_core mime dir)]);
ok t_cmp($s->{started}, 1, 'a server with two hosts starts')
    or note($s->{output}, $s->{error_log});

my @reqs = (['GET', 'b.test', '/p.html'], ['GET', 'c.test', '/p.html'],
            ['HEAD', 'b.test', '/p.html'], ['POST', 'c.test', '/p.html'],
            ['GET', 'c.test', '/p.html'], ['POST', 'b.test', '/p.html'],
            ['GET', 'c.test', '/none'], ['GET', 'b.test', '/p.html']);
my $data = '';
for my $i (0 .. $#reqs) {
    my ($m, $h, $p) = @{ $reqs[$i] };
    $data .= http_req($p, host => $h, method => $m,
                      ($m eq 'POST' ? (body => 'abc',
                                       Expect => '100-continue') : ()),
                      ($i == $#reqs ? (close => 1) : ()));
}
my @res = grep { $_->{status} >= 200 }
          parse_responses(scalar(raw_request(port => $port, data => $data)),
                          methods => [map { $_->[0] } @reqs]);
ok t_cmp(join(' ', map { $_->{status} } @res),
         '200 200 200 200 200 200 404 200',
         'every pipelined request answered, in order');

my $doc = {};
my $deadline = Time::HiRes::time() + 10;
do {
    Time::HiRes::sleep(0.2);
    my ($r) = parse_responses(scalar(raw_request(port => $port,
        data => http_req('/isapi-status?json', host => 'c.test',
                         close => 1))));
    $doc = eval { JSON::PP->new->decode($r->{body}) } || {};
} until (($doc->{filters}[0]{events}{LOG}{calls} // 0) >= 4
         or Time::HiRes::time() > $deadline);
my @events = qw(PREPROC_HEADERS URL_MAP AUTHENTICATION AUTH_COMPLETE
                SEND_RESPONSE END_OF_REQUEST LOG);
my $calls = sub {
    my $i = shift;
    join ' ', map { "$_=" . ($doc->{filters}[$i]{events}{$_}{calls} // 0) }
              @events;
};
ok t_cmp($calls->(0), join(' ', map { "$_=4" } @events),
         'url_rec_a.so: each request event once per b.test request, none '
         . 'for the c.test requests between them');
ok t_cmp($calls->(1), join(' ', map { "$_=0" } @events),
         'url_rec_b.so: no request event at all (disabled on b.test, '
         . 'Engine Off on c.test)');
$s->{stop}->();
