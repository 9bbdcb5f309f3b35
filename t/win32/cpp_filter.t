# A plain C++ filter built with isapi-cc, unmodified (t/iis/CppFilter):
# extern "C" entry points exported through a .def file, a static object
# whose constructor and destructor run as the DLL loads and unloads in
# each process, std::string and std::vector, exceptions thrown and caught
# inside the filter, and exceptions that escape an entry point: contained
# at the boundary, logged with the filter's name, the request answered
# 500 (SF_STATUS_REQ_ERROR), the child serving on; one escaping
# GetFilterVersion fails the load.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Apache::TestRequest qw(GET);
use ISF::Test qw(httpd_start httpd_configtest);

plan tests => 23, need_module 'isapi_filter';

my $conf = <<"EOF";
LogLevel info isapi_filter:debug
ISAPIFilter iis/CppFilter/CppFilter.dll
EOF
# apache2 -t: the start-up check's process logs to the console.
my $t = httpd_configtest($conf);
ok t_cmp($t->{status}, 0, 'apache2 -t accepts the filter')
    or print map { "# $_\n" } split /\n/, $t->{output};
my $s = httpd_start($conf, keep => 1);
ok t_cmp($s->{started}, 1, 'a server with the filter starts')
    or print map { "# $_\n" } split /\n/, $s->{output} . $s->{error_log};

sub get { GET("http://127.0.0.1:$s->{port}$_[0]") }

# A 500 the server sent, not one LWP made up for a connection that died.
sub served {
    my $res = shift;
    return $res->code . (defined $res->header('Client-Warning')
                         ? ' (' . $res->header('Client-Warning') . ': '
                           . $res->message . ')' : '');
}

my $res = get('/index.html');
ok t_cmp($res->code, 200, 'a request passes the filter');
my $tag = $res->header('X-Cpp') // '';
ok t_cmp($tag, qr/^words=alpha\+beta\+gamma /,
         'std::vector<std::string> filled by the static constructor');
my ($pid) = $tag =~ / pid=(\d+)/;
$pid //= -1;
ok t_cmp($tag =~ /ctor-pid=(\d+)/ ? $1 : 0, $pid,
         'the static object was constructed in the child that serves');
my ($hits) = $tag =~ /hits=(\d+)/;
$hits //= 0;

$res = get('/cpp/caught');
ok t_cmp($res->header('X-Cpp') // '', qr/caught=inside /,
         'an exception thrown and caught inside the filter unwinds there');

$res = get('/cpp/throw-std');
ok t_cmp(served($res), 500,
         'std::runtime_error out of HttpFilterProc: SF_STATUS_REQ_ERROR, 500');
$res = get('/index.html');
ok t_cmp($res->code, 200, 'the next request is served');
ok t_cmp(($res->header('X-Cpp') // '') =~ / pid=(\d+)/ ? $1 : 0, $pid,
         '... by the same child');

$res = get('/cpp/throw-int');
ok t_cmp(served($res), 500, 'an int thrown out of HttpFilterProc: 500');
$res = get('/index.html');
$tag = $res->header('X-Cpp') // '';
ok t_cmp($res->code, 200, 'the next request is served');
ok t_cmp($tag =~ / pid=(\d+)/ ? $1 : 0, $pid, '... by the same child');
ok t_cmp($tag =~ /hits=(\d+)/ ? $1 : 0, $hits + 3,
         'the filter kept its state across both exceptions');

$s->{stop}->();
my $elog = do { local (@ARGV, $/) = "$s->{dir}/error_log"; <> };
my @lines = split /\n/, $elog;
my @std = grep { /CppFilter/ && m{no handler for /cpp/throw-std} } @lines;
ok t_cmp(scalar(@std), 1,
         'the std::exception is logged once, with the filter and its what()')
    or print map { "# $_\n" } @lines;
ok t_cmp($std[0] // '', qr/CppFilter\.dll\b.*HttpFilterProc/,
         '... naming the DLL and the entry point');
my @int = grep { /CppFilter\.dll/ && /exception/i && !/no handler for/ } @lines;
ok t_cmp(scalar(@int), 1, 'the int is logged once, naming the filter')
    or print map { "# $_\n" } @lines;
ok t_cmp($int[0] // '', qr/\[isapi_filter:error\].*HttpFilterProc/,
         '... as an error, with the entry point');
ok t_cmp($elog !~ /exit signal|Segmentation|terminate called|Aborted/, 1,
         'no process died');

# Each process that ran the filter: the static constructor first, the
# destructor last, GetFilterVersion and TerminateFilter between.
my %seq;
for (split(/\n/, $t->{output}), @lines) {
    next unless /\[pid (\d+)[^\]]*\].*ISF57: \S*CppFilter\.dll: OutputDebugString: CppFilter: (.*)/;
    push @{ $seq{$1} }, $2;
}
my @pids = sort keys %seq;
my $all = join "\n", $t->{output}, $elog;
ok t_cmp(scalar(() = $all =~ /CppFilter: constructed/g),
         scalar(() = $all =~ /CppFilter: GetFilterVersion/g),
         'constructed once per process that runs the filter (so never in '
         . 'the parent, which runs no filter code)');
ok t_cmp(scalar(@pids) >= 2, 1,
         'OutputDebugString lines from the start-up check and a child')
    or print map { "# $_\n" } split /\n/, "$t->{output}\n$elog";
my @bad = grep {
    join(',', @{ $seq{$_} }) ne
        'constructed,GetFilterVersion,TerminateFilter,destroyed'
} @pids;
ok t_cmp("@bad", '', 'each process: constructor, GetFilterVersion, '
         . 'TerminateFilter, destructor, once each and in that order')
    or print map { "# $_: @{ $seq{$_} }\n" } @pids;

# An exception out of GetFilterVersion: a failed load, not a dead probe.
{
    local $ENV{CPPFILTER_THROW_IN_VERSION} = '1';
    my $r = httpd_configtest($conf);
    ok t_cmp($r->{status} != 0
             && $r->{output} =~ /CppFilter\.dll: GetFilterVersion returned FALSE \(error 1359\)/
             ? 1 : 0, 1,
             'GetFilterVersion throwing: FALSE with ERROR_INTERNAL_ERROR (1359)')
        or print map { "# $_\n" } split /\n/, $r->{output};
    ok t_cmp($r->{output}, qr/CppFilter\.dll.*refusing to load, CPPFILTER_THROW_IN_VERSION is set/,
             'the exception is logged with the filter and its what()');
}
