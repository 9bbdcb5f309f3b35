# Per-URL control costs a request nothing when no section of its says
# anything of ours: httpd makes a module's per-directory configuration in
# a section only when one of the module's directives appears there, and
# merges only those, so a request under <Directory> blocks of other
# modules keeps the very configuration its host's setting came from, and
# the late events' hooks and the head filter see the same pointer and do
# no work.  The trace1
# line "per-URL control: the configuration of URI ..." is written exactly
# when that work is done.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Path ();
use File::Spec::Functions qw(catdir catfile);
use ISF::Test qw(raw_request parse_responses httpd_start);

plan tests => 6, need_module 'isapi_filter';

my $docs = catdir(Apache::Test::vars('t_logs'), 'throwaway',
                  'per_url_cost_docs');
File::Path::rmtree($docs);
File::Path::mkpath("$docs/$_") for qw(plain off);
for my $f ('plain/x.html', 'off/x.html') {
    open my $fh, '>', "$docs/$f" or die "$docs/$f: $!";
    print $fh "<p>$f</p>\n";
    close $fh;
}

my $s = httpd_start(<<"EOF", keep => 1);
LogLevel info isapi_filter:trace1
ISAPIFilter filters/url_rec_a.so
DocumentRoot $docs
<Directory $docs>
    Require all granted
    Options None
</Directory>
<Directory $docs/plain>
    DirectoryIndex x.html
    AllowOverride None
</Directory>
<Directory $docs/off>
    ISAPIFilterDisable url_rec_a.so
</Directory>
EOF
ok t_cmp($s->{started}, 1, 'the server starts');

for my $path ('/plain/x.html', '/off/x.html') {
    my ($res) = parse_responses(scalar raw_request(port => $s->{port},
        data => "GET $path HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    ok t_cmp($res ? $res->{status} : 0, 200, "$path: 200");
}
$s->{stop}->();

open my $fh, '<', catfile($s->{dir}, 'error_log') or die "error_log: $!";
my @changed = grep { /per-URL control: the configuration of (\S+)/ }
              <$fh>;
close $fh;
my %uri = map { /per-URL control: the configuration of (\S+)/; $1 => 1 }
          @changed;

ok t_cmp(scalar(grep { $_ eq '/plain/x.html' } keys %uri), 0,
         'sections without a directive of ours: no per-URL work');
ok t_cmp($uri{'/off/x.html'} ? 1 : 0, 1,
         'a section with ISAPIFilterDisable: the request follows it');
ok t_cmp(scalar(@changed), 1, 'exactly one request did per-URL work');
